package dev.switchyard.cost.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drops a store's expired entries a bounded slice at a time: each {@link #sweep} looks at the
 * next {@code chunk} entries in key order, from where the last one stopped, and starts over at
 * the first key when it reaches the end. A store of any size is thus swept in
 * {@code size / chunk} sweeps, none of which holds the stream thread for long. Deletes go to the
 * store's changelog like any write, in the same exactly-once transaction as the task's output.
 */
public final class RetentionSweep<V> {

    private final KeyValueStore<String, V> store;
    private final ToLongFunction<V> expiresAtMs;
    private final int chunk;
    /** The key the next sweep starts at; null: the first. */
    private String next;

    public RetentionSweep(KeyValueStore<String, V> store, ToLongFunction<V> expiresAtMs, int chunk) {
        this.store = store;
        this.expiresAtMs = expiresAtMs;
        this.chunk = chunk;
    }

    /** @return how many entries it dropped */
    public int sweep(long nowMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, V> entries = next == null ? store.all() : store.range(next, null)) {
            for (int looked = 0; looked < chunk && entries.hasNext(); looked++) {
                KeyValue<String, V> entry = entries.next();
                if (entry.value != null && expiresAtMs.applyAsLong(entry.value) <= nowMs) {
                    expired.add(entry.key);
                }
            }
            next = entries.hasNext() ? entries.peekNextKey() : null;
        }
        expired.forEach(store::delete);
        return expired.size();
    }
}
