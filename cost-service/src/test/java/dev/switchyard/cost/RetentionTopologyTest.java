package dev.switchyard.cost;

import static dev.switchyard.cost.CostDriver.result;
import static dev.switchyard.cost.CostDriver.spend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.cost.batch.BatchTracker;
import dev.switchyard.cost.retention.Retention;
import dev.switchyard.schema.BatchStatus;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import dev.switchyard.schema.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cost service's stores keep entries for their retention and then let them go, a few
 * entries per sweep (a chunk of 2 here), while the figures that are still kept stay exact.
 */
class RetentionTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:10:00Z");
    private static final Retention SHORT = new Retention(Duration.ofHours(1), Duration.ofDays(2), Duration.ofDays(40),
            Duration.ofHours(25), Duration.ofDays(3), Duration.ofMinutes(1), 2);

    private CostDriver cost;

    @AfterEach
    void close() {
        cost.close();
    }

    @Test
    void anHourlyTotalGoesOnceItsRetentionHasPassedAndTheLongerWindowsStay() {
        cost = new CostDriver(CostOptions.defaults().unbuffered().keeping(SHORT), T0);
        cost.send(spend("a#1", "acme", "u1", 1_000, T0));
        cost.send(spend("b#1", "acme", "u2", 2_000, T0.plusSeconds(60)));
        assertThat(windows()).contains(CostWindow.HOUR, CostWindow.DAY, CostWindow.MONTH);

        // The hour ends at 13:00; kept one hour after that. Just before then, a full pass of sweeps drops nothing.
        sweep(Duration.ofMinutes(100), 10);
        assertThat(windows()).contains(CostWindow.HOUR);

        sweep(Duration.ofMinutes(30), 30); // 20 sweeps after 14:00, of 2 entries each: more than the 12 kept
        assertThat(windows()).as("after 14:00").doesNotContain(CostWindow.HOUR).contains(CostWindow.DAY, CostWindow.MONTH);
        assertThat(totals()).filteredOn(t -> t.getWindow() == CostWindow.DAY && t.getUserId() == null && t.getModel() == null)
                .singleElement().satisfies(day -> assertThat(day.getCostNanoUsd()).isEqualTo(3_000));

        // A new event after the sweep starts the new hour from zero and adds to the day it belongs to.
        cost.send(spend("c#1", "acme", "u1", 500, T0.plus(Duration.ofHours(2))));
        assertThat(totals()).filteredOn(t -> t.getWindow() == CostWindow.DAY && t.getUserId() == null && t.getModel() == null)
                .singleElement().satisfies(day -> assertThat(day.getCostNanoUsd()).isEqualTo(3_500));
    }

    @Test
    void aBatchStatusGoesOnceUnchangedForLongerThanItsRetention() {
        cost = new CostDriver(CostOptions.defaults().unbuffered().keeping(SHORT), T0);
        cost.send(result("r1", ResultStatus.SUCCEEDED, "gpt-4o-mini", T0).setBatchId("done").setBatchSize(1).build());
        cost.send(result("r2", ResultStatus.SUCCEEDED, "gpt-4o-mini", T0).setBatchId("open").setBatchSize(5).build());
        KeyValueStore<String, BatchStatus> batches = cost.driver.getKeyValueStore(BatchTracker.STORE);
        assertThat(batches.get("done")).isNotNull();

        sweep(Duration.ofHours(24), 5);
        assertThat(batches.get("done")).isNotNull();
        sweep(Duration.ofHours(1).plusMinutes(5), 5);
        assertThat(batches.get("done")).as("completed").isNull();
        assertThat(batches.get("open")).as("never completed").isNull();
    }

    @Test
    void batchesMustBeKeptLongerThanReSentResultsAreRecognised() {
        Retention tooShort = new Retention(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofHours(2),
                Duration.ofDays(1), Duration.ofMinutes(1), 10);
        assertThatThrownBy(() -> CostOptions.defaults().keeping(tooShort)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dedupe window");
        cost = new CostDriver(CostOptions.defaults(), T0);
    }

    /** Advances the wall clock by {@code total}, in {@code steps} equal steps: one sweep each at least. */
    private void sweep(Duration total, int steps) {
        for (int i = 0; i < steps; i++) {
            cost.driver.advanceWallClockTime(total.dividedBy(steps));
        }
    }

    private List<CostAggregate> totals() {
        KeyValueStore<String, ValueAndTimestamp<CostAggregate>> store = cost.driver.getTimestampedKeyValueStore(CostTopology.COSTS_STORE);
        List<CostAggregate> all = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<CostAggregate>> entries = store.all()) {
            entries.forEachRemaining((KeyValue<String, ValueAndTimestamp<CostAggregate>> entry) -> all.add(entry.value.value()));
        }
        return all;
    }

    private List<CostWindow> windows() {
        return totals().stream().map(CostAggregate::getWindow).distinct().toList();
    }
}
