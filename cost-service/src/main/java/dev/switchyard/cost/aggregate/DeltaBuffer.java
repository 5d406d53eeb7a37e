package dev.switchyard.cost.aggregate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Sums deltas per key where they arise and forwards each key's sum once per flush interval, so
 * that the repartition and the processor behind it see one record per key and interval instead of
 * one per event (budget spend per owner and day; cost aggregates use {@link LocalCostSums}, which
 * also fans each event out).
 *
 * <p>The sums live in a changelogged store as well as in memory. Exactly-once commits the store
 * with the input offsets, so a sum not yet forwarded when a task crashes is restored, not lost;
 * a forwarded sum is deleted from the store in the same transaction that writes it, so it is
 * never forwarded twice. With a zero interval, deltas pass straight through.
 */
public final class DeltaBuffer<V> implements Processor<String, V, String, V> {

    private final String storeName;
    private final Duration flushInterval;
    private final BinaryOperator<V> add;
    private final Map<String, V> sums = new HashMap<>();
    private ProcessorContext<String, V> context;
    private KeyValueStore<String, V> store;

    private DeltaBuffer(String storeName, Duration flushInterval, BinaryOperator<V> add) {
        this.storeName = storeName;
        this.flushInterval = flushInterval;
        this.add = add;
    }

    public static <V> ProcessorSupplier<String, V, String, V> supplier(String storeName, Duration flushInterval,
                                                                          BinaryOperator<V> add, Serde<V> serde) {
        StoreBuilder<KeyValueStore<String, V>> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(storeName), Serdes.String(), serde).withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, V, String, V> get() {
                return new DeltaBuffer<>(storeName, flushInterval, add);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // After a restart, the sums that were not forwarded before it are back in the store.
        try (KeyValueIterator<String, V> restored = store.all()) {
            restored.forEachRemaining(entry -> sums.put(entry.key, entry.value));
        }
        if (!flushInterval.isZero()) {
            context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::flush);
        }
    }

    @Override
    public void process(Record<String, V> record) {
        if (flushInterval.isZero()) {
            context.forward(record);
            return;
        }
        store.put(record.key(), sums.merge(record.key(), record.value(), add));
    }

    private void flush(long now) {
        sums.forEach((key, sum) -> {
            context.forward(new Record<>(key, sum, now));
            store.delete(key);
        });
        sums.clear();
    }
}
