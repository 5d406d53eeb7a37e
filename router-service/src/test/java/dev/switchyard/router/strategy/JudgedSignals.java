package dev.switchyard.router.strategy;

import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.internal.ModelStats;
import java.util.Optional;

/** Signals for tests: nothing observed, and the judgements the test gives (task type and model empty: the tenant's at a complexity). */
public record JudgedSignals(Judgements judgements) implements Signals {

    public interface Judgements {
        Outcomes of(String tenantId, String taskType, Complexity complexity, String model);
    }

    @Override
    public Optional<ModelStats> stats(String model) {
        return Optional.empty();
    }

    @Override
    public Outcomes outcomes(String tenantId, String userId, String model) {
        return Outcomes.NONE;
    }

    @Override
    public Outcomes judged(String tenantId, String taskType, Complexity complexity, String model) {
        return judgements.of(tenantId, taskType, complexity, model);
    }

    @Override
    public Outcomes judged(String tenantId, Complexity complexity) {
        return judgements.of(tenantId, "", complexity, "");
    }
}
