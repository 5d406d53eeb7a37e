package dev.switchyard.router.strategy;

import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.ModelStats;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Signals backed by the router core's stores: model stats and cancelled batches in global stores
 * fed by {@code llm.model-stats} and {@code llm.batch-cancellations}, outcomes per tenant, user and model in the tenant-partitioned store
 * the core updates as results settle.
 */
public final class StoreSignals implements Signals {

    private final ReadOnlyKeyValueStore<String, ModelStats> stats;
    private final KeyValueStore<String, ModelOutcomes> outcomes;
    private final ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches;

    public StoreSignals(ReadOnlyKeyValueStore<String, ModelStats> stats, KeyValueStore<String, ModelOutcomes> outcomes,
                        ReadOnlyKeyValueStore<String, BatchCancellation> cancelledBatches) {
        this.stats = stats;
        this.outcomes = outcomes;
        this.cancelledBatches = cancelledBatches;
    }

    @Override
    public boolean batchCancelled(String batchId) {
        return batchId != null && cancelledBatches.get(batchId) != null;
    }

    @Override
    public Optional<ModelStats> stats(String model) {
        return Optional.ofNullable(stats.get(model));
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
