package dev.switchyard.router.strategy;

import dev.switchyard.core.feedback.FeedbackKey;
import dev.switchyard.router.stats.CombinedStats;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.internal.FeedbackCounts;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Signals backed by the router core's stores: model stats (every executor instance's reports)
 * and cancelled batches in global stores fed by {@code llm.model-stats} and
 * {@code llm.batch-cancellations}; judgements per tenant, task type, complexity and model in a
 * global store fed by {@code llm.feedback-counts}; outcomes per tenant, user and model from the tenant core's own
 * count ({@link OutcomeCounts}), or, in the request core, from the global store of what it
 * published.
 */
public final class StoreSignals implements Signals {

    private final ReadOnlyKeyValueStore<String, byte[]> stats;
    private final Topic<String, ModelStats> statsTopic;
    private final ReadOnlyKeyValueStore<String, ModelOutcomes> outcomes;
    private final ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches;
    private final ReadOnlyKeyValueStore<String, FeedbackCounts> judged;
    private final LongSupplier nowMs;
    /** Each model's reports as last decoded: one task's, so unshared. */
    private final Map<String, CombinedStats> decoded = new HashMap<>();

    /**
     * @param stats each model's {@link dev.switchyard.router.stats.InstanceReports}: every executor
     *              instance's {@code llm.model-stats} record as it came
     * @param judged the tenants' judgements of answers, counted by the cost service ({@link FeedbackKey})
     * @param nowMs the wall clock, by which reports turn stale
     */
    public StoreSignals(ReadOnlyKeyValueStore<String, byte[]> stats, Topic<String, ModelStats> statsTopic,
                        ReadOnlyKeyValueStore<String, ModelOutcomes> outcomes, ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches,
                        ReadOnlyKeyValueStore<String, FeedbackCounts> judged, LongSupplier nowMs) {
        this.stats = stats;
        this.statsTopic = statsTopic;
        this.outcomes = outcomes;
        this.cancelledBatches = cancelledBatches;
        this.judged = judged;
        this.nowMs = nowMs;
    }

    @Override
    public boolean batchCancelled(String batchId) {
        return batchId != null && cancelledBatches.get(batchId) != null;
    }

    /**
     * The fresh reports of every executor instance, combined ({@link CombinedStats}); decoded only
     * when they changed. The instance returned is shared, so read-only.
     */
    @Override
    public Optional<ModelStats> stats(String model) {
        byte[] bytes = stats.get(model);
        if (bytes == null) {
            decoded.remove(model);
            return Optional.empty();
        }
        CombinedStats last = decoded.get(model);
        if (last == null || !last.decodedFrom(bytes)) {
            last = CombinedStats.decode(bytes, statsTopic);
            decoded.put(model, last);
        }
        return last.at(nowMs.getAsLong());
    }

    @Override
    public Outcomes judged(String tenantId, String taskType, Complexity complexity, String model) {
        return judgedUnder(FeedbackKey.of(tenantId, taskType, complexity, model));
    }

    @Override
    public Outcomes judged(String tenantId, Complexity complexity) {
        return judgedUnder(FeedbackKey.ofTenant(tenantId, complexity));
    }

    private Outcomes judgedUnder(String key) {
        FeedbackCounts counts = judged.get(key);
        return counts == null ? Outcomes.NONE : new Outcomes(counts.getSufficient(), counts.getTotal());
    }

    @Override
    public Outcomes outcomes(String tenantId, String userId, String model) {
        ModelOutcomes mine = outcomes.get(OutcomeCounts.key(tenantId, userId, model));
        if (mine == null && userId != null) {
            mine = outcomes.get(OutcomeCounts.key(tenantId, null, model)); // the tenant's experience, before the user has any
        }
        return mine == null ? Outcomes.NONE : new Outcomes(mine.getSucceeded(), mine.getTotal());
    }
}
