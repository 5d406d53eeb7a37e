package dev.switchyard.router.strategy;

import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topic;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Signals backed by the router core's stores: model stats and cancelled batches in global stores
 * fed by {@code llm.model-stats} and {@code llm.batch-cancellations}, outcomes per tenant, user and model in the tenant-partitioned store
 * the core updates as results settle.
 */
public final class StoreSignals implements Signals {

    private final ReadOnlyKeyValueStore<String, byte[]> stats;
    private final Topic<String, ModelStats> statsTopic;
    private final KeyValueStore<String, ModelOutcomes> outcomes;
    private final ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches;
    /** Each model's stats as last decoded, with the bytes they were decoded from: one task's, so unshared. */
    private final Map<String, Decoded> decoded = new HashMap<>();

    private record Decoded(byte[] bytes, ModelStats stats) {
    }

    /** @param stats each model's {@code llm.model-stats} record as it came */
    public StoreSignals(ReadOnlyKeyValueStore<String, byte[]> stats, Topic<String, ModelStats> statsTopic,
                        KeyValueStore<String, ModelOutcomes> outcomes, ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches) {
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
        ModelOutcomes mine = outcomes.get(key(tenantId, userId, model));
        if (mine == null && userId != null) {
            mine = outcomes.get(key(tenantId, null, model)); // the tenant's experience, before the user has any
        }
        return mine == null ? Outcomes.NONE : new Outcomes(mine.getSucceeded(), mine.getTotal());
    }

    /** Counts a terminal result for the user and for the tenant as a whole. */
    public void record(String tenantId, String userId, String model, boolean succeeded) {
        count(key(tenantId, null, model), succeeded);
        if (userId != null) {
            count(key(tenantId, userId, model), succeeded);
        }
    }

    private void count(String key, boolean succeeded) {
        ModelOutcomes current = outcomes.get(key);
        outcomes.put(key, new ModelOutcomes((current == null ? 0 : current.getSucceeded()) + (succeeded ? 1 : 0),
                (current == null ? 0 : current.getTotal()) + 1));
    }

    private static String key(String tenantId, String userId, String model) {
        return tenantId + '\u0000' + (userId == null ? "" : userId) + '\u0000' + model;
    }
}
