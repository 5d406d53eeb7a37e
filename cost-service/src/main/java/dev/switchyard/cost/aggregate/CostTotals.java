package dev.switchyard.cost.aggregate;

import dev.switchyard.cost.retention.Retention;
import dev.switchyard.cost.retention.RetentionSweep;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.topic.Topics;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The running totals per aggregate key: each delta added to its key's total in the
 * {@code costs} store and the new total forwarded to {@code llm.costs}. A wall-clock sweep drops
 * totals whose window ended longer ago than the {@link Retention} of its kind; by then no event
 * can reach that window (later ones are billed in the open window), so dropping it changes no
 * figure. The store is a timestamped one, as a DSL reduce's would be, and the query API reads it.
 */
public final class CostTotals implements Processor<String, CostAggregate, String, CostAggregate> {

    private final String storeName;
    private final Retention retention;
    private ProcessorContext<String, CostAggregate> context;
    private TimestampedKeyValueStore<String, CostAggregate> totals;

    private CostTotals(String storeName, Retention retention) {
        this.storeName = storeName;
        this.retention = retention;
    }

    public static ProcessorSupplier<String, CostAggregate, String, CostAggregate> supplier(String storeName, Topics topics,
                                                                                            Retention retention) {
        StoreBuilder<TimestampedKeyValueStore<String, CostAggregate>> store = Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(storeName), Serdes.String(), topics.costs.valueSerde())
                // As a DSL reduce's: repeated updates of a key between commits reach the changelog once.
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, CostAggregate, String, CostAggregate> get() {
                return new CostTotals(storeName, retention);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, CostAggregate> context) {
        this.context = context;
        this.totals = context.getStateStore(storeName);
        RetentionSweep<ValueAndTimestamp<CostAggregate>> sweep = new RetentionSweep<>(totals,
                total -> expiresAtMs(total.value(), retention), retention.sweepChunk());
        context.schedule(retention.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, sweep::sweep);
    }

    @Override
    public void process(Record<String, CostAggregate> delta) {
        ValueAndTimestamp<CostAggregate> current = totals.get(delta.key());
        CostAggregate total = current == null ? delta.value() : CostDeltas.add(current.value(), delta.value());
        long timestamp = current == null ? delta.timestamp() : Math.max(current.timestamp(), delta.timestamp());
        totals.put(delta.key(), ValueAndTimestamp.make(total, timestamp));
        context.forward(delta.withValue(total).withTimestamp(timestamp));
    }

    static long expiresAtMs(CostAggregate total, Retention retention) {
        Instant end = CostWindows.end(total.getWindow(), total.getWindowStartMs());
        return end.plus(retention.of(total.getWindow())).toEpochMilli();
    }
}
