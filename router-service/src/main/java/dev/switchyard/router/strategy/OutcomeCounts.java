package dev.switchyard.router.strategy;

import dev.switchyard.schema.internal.ModelOutcomes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tenant core's count of terminal results per tenant, user and model, which PREFERENCE ranks
 * by. The tenant core is the one writer of its tenants' counts, so each count is read and
 * written in one place; each one it changes is published as it now stands, for the global store
 * every router task reads.
 */
public final class OutcomeCounts {

    private final KeyValueStore<String, ModelOutcomes> store;

    public OutcomeCounts(KeyValueStore<String, ModelOutcomes> store) {
        this.store = store;
    }

    /** Counts a terminal result for the user and for the tenant as a whole; returns those counts as they now stand. */
    public List<KeyValue<String, ModelOutcomes>> record(String tenantId, String userId, String model, boolean succeeded) {
        List<KeyValue<String, ModelOutcomes>> changed = new ArrayList<>(2);
        changed.add(count(key(tenantId, null, model), succeeded));
        if (userId != null) {
            changed.add(count(key(tenantId, userId, model), succeeded));
        }
        return changed;
    }

    private KeyValue<String, ModelOutcomes> count(String key, boolean succeeded) {
        ModelOutcomes current = store.get(key);
        ModelOutcomes counted = new ModelOutcomes((current == null ? 0 : current.getSucceeded()) + (succeeded ? 1 : 0),
                (current == null ? 0 : current.getTotal()) + 1);
        store.put(key, counted);
        return KeyValue.pair(key, counted);
    }

    /** The key of a count, in the stores and on {@code llm.model-outcomes}; no user: the tenant as a whole. */
    static String key(String tenantId, String userId, String model) {
        return tenantId + '\u0000' + (userId == null ? "" : userId) + '\u0000' + model;
    }
}
