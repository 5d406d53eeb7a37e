package dev.switchyard.router.strategy;

import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topic;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Signals backed by the router core's stores: model stats and cancelled batches in global stores
 * fed by {@code llm.model-stats} and {@code llm.batch-cancellations}; outcomes per tenant, user
 * and model from the tenant core's own count ({@link OutcomeCounts}), or, in the request core,
 * from the global store of what it published.
 */
public final class StoreSignals implements Signals {

    private final ReadOnlyKeyValueStore<String, byte[]> stats;
    private final Topic<String, ModelStats> statsTopic;
    private final ReadOnlyKeyValueStore<String, ModelOutcomes> outcomes;
    private final ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches;
    /** Each model's stats as last decoded, with the bytes they were decoded from: one task's, so unshared. */
    private final Map<String, Decoded> decoded = new HashMap<>();

    private record Decoded(byte[] bytes, ModelStats stats) {
    }

    /** @param stats each model's {@code llm.model-stats} record as it came */
    public StoreSignals(ReadOnlyKeyValueStore<String, byte[]> stats, Topic<String, ModelStats> statsTopic,
                        ReadOnlyKeyValueStore<String, ModelOutcomes> outcomes, ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches) {
        this.stats = stats;
        this.statsTopic = statsTopic;
        this.outcomes = outcomes;
        this.cancelledBatches = cancelledBatches;
    }

    @Override
    public boolean batchCancelled(String batchId) {
        return batchId != null && cancelledBatches.get(batchId) != null;
    }

    /** Decodes a model's stats only when its record changed; the instance returned is shared, so read-only. */
    @Override
    public Optional<ModelStats> stats(String model) {
        byte[] bytes = stats.get(model);
        if (bytes == null) {
            decoded.remove(model);
            return Optional.empty();
        }
        Decoded last = decoded.get(model);
        if (last == null || !Arrays.equals(last.bytes(), bytes)) {
            last = new Decoded(bytes, statsTopic.valueSerde().deserializer().deserialize(statsTopic.name(), bytes));
            decoded.put(model, last);
        }
        return Optional.of(last.stats());
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
