package dev.switchyard.router.strategy;

import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import java.util.Optional;

/**
 * What the router has observed, for strategies that rank by it: per model, the executors'
 * latency, success rate and circuit state; per tenant and user, how often each model served them
 * well, and how often the tenant judged its answers sufficient; and which batches were cancelled.
 */
public interface Signals {

    /** Observed stats of a model, if executors have reported any. */
    Optional<ModelStats> stats(String model);

    /** Successful and total terminal results of this tenant's user (or the tenant, user null) on a model. */
    Outcomes outcomes(String tenantId, String userId, String model);

    /**
     * The tenant's judgements of answers of this task type and complexity by a model
     * ({@code llm.feedback}): sufficient ones and all of them.
     */
    default Outcomes judged(String tenantId, String taskType, Complexity complexity, String model) {
        return Outcomes.NONE;
    }

    /** The tenant's judgements of all its answers at this complexity, whatever their task type and model. */
    default Outcomes judged(String tenantId, Complexity complexity) {
        return Outcomes.NONE;
    }

    /** Whether an operator cancelled this batch: its requests not yet started end REJECTED. */
    default boolean batchCancelled(String batchId) {
        return false;
    }

    default boolean circuitOpen(String model) {
        return stats(model).map(s -> s.getCircuit() == CircuitState.OPEN).orElse(false);
    }

    /** Good outcomes (succeeded, or judged sufficient) of all of them. */
    record Outcomes(long succeeded, long total) {
        public static final Outcomes NONE = new Outcomes(0, 0);

        /** Laplace-smoothed success rate: an unknown model starts at one half, not at 0 or 1. */
        public double successRate() {
            return (succeeded + 1.0) / (total + 2.0);
        }
    }

    Signals NONE = new Signals() {
        @Override
        public Optional<ModelStats> stats(String model) {
            return Optional.empty();
        }

        @Override
        public Outcomes outcomes(String tenantId, String userId, String model) {
            return Outcomes.NONE;
        }
    };
}
