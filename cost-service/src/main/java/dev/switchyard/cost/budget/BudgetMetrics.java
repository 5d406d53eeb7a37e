package dev.switchyard.cost.budget;

import dev.switchyard.core.kafka.ManagedStreams;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.OwnerLedger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.context.SmartLifecycle;

/**
 * Budget utilisation as metrics, for the Grafana dashboard: per budgeted owner that this
 * instance holds, the share of the limit spent in the current period. Owners are few (those with
 * a policy), so the owner tag keeps cardinality bounded; no other tenant data is tagged.
 */
public final class BudgetMetrics implements SmartLifecycle {

    private final ManagedStreams streams;
    private final Clock clock;
    private final Duration refresh;
    private final MultiGauge utilisation;
    private final MultiGauge spent;
    private ScheduledExecutorService scheduler;

    public BudgetMetrics(ManagedStreams streams, MeterRegistry registry, Clock clock, Duration refresh) {
        this.streams = streams;
        this.clock = clock;
        this.refresh = refresh;
        this.utilisation = MultiGauge.builder("switchyard.budget.utilisation")
                .description("share of the budget spent in the current period (1 = the limit)").register(registry);
        this.spent = MultiGauge.builder("switchyard.budget.spent").baseUnit("nanousd")
                .description("spend in the current budget period, nano-USD").register(registry);
    }

    private void update() {
        List<MultiGauge.Row<?>> used = new ArrayList<>();
        List<MultiGauge.Row<?>> amounts = new ArrayList<>();
        Instant now = clock.instant();
        try {
            ReadOnlyKeyValueStore<String, OwnerLedger> ledgers = streams.kafkaStreams().store(StoreQueryParameters
                    .fromNameAndType(BudgetLedger.STORE, QueryableStoreTypes.<String, OwnerLedger>keyValueStore()));
            try (KeyValueIterator<String, OwnerLedger> all = ledgers.all()) {
                all.forEachRemaining(entry -> {
                    if (entry.value.getPolicy() != null) {
                        // Spend only: reservations come and go with every request in flight.
                        BudgetStatus status = Ledgers.status(Ledgers.rollTo(entry.value, now), null, now);
                        Tags tags = Tags.of("owner", status.getOwner(), "period", status.getPeriod().name());
                        double limit = Math.max(1, status.getLimitNanoUsd());
                        used.add(MultiGauge.Row.of(tags, status.getSpentNanoUsd() / limit));
                        amounts.add(MultiGauge.Row.of(tags, status.getSpentNanoUsd()));
                    }
                });
            }
        } catch (RuntimeException notReady) {
            return; // rebalancing or restoring: keep the last figures
        }
        utilisation.register(used, true);
        spent.register(amounts, true);
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("budget-metrics").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::update, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
