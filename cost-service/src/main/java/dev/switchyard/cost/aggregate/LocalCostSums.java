package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
 * Turns cost events into aggregate deltas, summed where they arise: each event adds to the nine
 * aggregates it belongs to (tenant, its user, its model × hour, day, month), in memory, and each
 * flush interval forwards one delta per aggregate key. The repartition and the sums behind it
 * then see one record per key and interval instead of nine per event: this is what lets one
 * cost-service thread keep up with tens of thousands of usage events a second.
 *
 * <p>Nothing is lost to a crash: each event is also added, once, to a changelogged store of
 * per-placement sums, which exactly-once commits together with the input offsets. After a crash
 * the store's sums are fanned out again; a flush deletes what it forwards in the same
 * transaction, so nothing is forwarded twice. With a zero interval every event is forwarded at once.
 */
public final class LocalCostSums implements Processor<String, CostEvent, String, CostAggregate> {

    private static final String STORE = "cost-local-sums";

    private final Duration grace;
    private final Duration flushInterval;
    private final Map<String, PlacedCost> placed = new HashMap<>();
    private final Map<String, CostSum> sums = new HashMap<>();
    private ProcessorContext<String, CostAggregate> context;
    private KeyValueStore<String, PlacedCost> store;

    private LocalCostSums(Duration grace, Duration flushInterval) {
        this.grace = grace;
        this.flushInterval = flushInterval;
    }

    public static ProcessorSupplier<String, CostEvent, String, CostAggregate> supplier(Duration grace, Duration flushInterval) {
        StoreBuilder<KeyValueStore<String, PlacedCost>> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), PlacedCost.serde()).withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, CostEvent, String, CostAggregate> get() {
                return new LocalCostSums(grace, flushInterval);
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
        this.store = context.getStateStore(STORE);
        try (KeyValueIterator<String, PlacedCost> restored = store.all()) {
            restored.forEachRemaining(entry -> {
                placed.put(entry.key, entry.value);
                addToSums(entry.value);
            });
        }
        if (!flushInterval.isZero()) {
            context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, this::flush);
        }
    }

    @Override
    public void process(Record<String, CostEvent> record) {
        Instant streamTime = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), record.timestamp()));
        PlacedCost event = PlacedCost.place(record.value(), streamTime, grace);
        addToSums(event);
        if (flushInterval.isZero()) {
            flush(record.timestamp());
            return;
        }
        String key = event.key();
        store.put(key, placed.merge(key, event, PlacedCost::plus));
    }

    private void addToSums(PlacedCost placement) {
        CostEvent event = placement.event();
        for (CostWindow window : CostWindow.values()) {
            long start = placement.startMs(window);
            sum(event.tenantId(), null, null, null, window, start).add(event);
            if (event.userId() != null) {
                sum(event.tenantId(), event.userId(), null, null, window, start).add(event);
            }
            if (event.model() != null) {
                sum(event.tenantId(), null, event.provider(), event.model(), window, start).add(event);
            }
        }
    }

    private CostSum sum(String tenant, String user, String provider, String model, CostWindow window, long start) {
        return sums.computeIfAbsent(CostDeltas.key(tenant, user, provider, model, window, start),
                key -> new CostSum(tenant, user, provider, model, window, start));
    }

    private void flush(long timestamp) {
        sums.forEach((key, sum) -> context.forward(new Record<>(key, sum.delta(), timestamp)));
        sums.clear();
        placed.keySet().forEach(store::delete);
        placed.clear();
    }
}
