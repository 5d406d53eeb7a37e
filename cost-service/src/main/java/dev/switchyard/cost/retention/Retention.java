package dev.switchyard.cost.retention;

import dev.switchyard.schema.CostWindow;
import java.time.Duration;

/**
 * How long the cost service keeps what it sums, so that its stores stop growing with the months.
 * An entry is dropped from the service's own stores once its time is up; what it wrote to
 * {@code llm.costs} and {@code llm.batches} stays there, under those topics' own retention.
 *
 * @param hourly  hourly aggregates, after their hour ends: 32 days, so that the last month can
 *                still be looked at hour by hour
 * @param daily   daily aggregates, after their day ends: 400 days, a year and a month of days to
 *                compare a month with the same month a year before
 * @param monthly monthly aggregates, after their month ends: 5 years, about as long as invoices
 *                are kept for audits and taxes
 * @param batches a batch's status, after its last change: 30 days. Longer than the window in which
 *                a re-sent result is recognised as already counted (the dedupe window), so that a
 *                re-send can never start a completed batch over
 * @param sweepInterval how often a bounded slice of each store is looked at
 * @param sweepChunk    how many entries one sweep looks at: it runs on the stream thread, so it
 *                      takes milliseconds, not the seconds a whole store would
 */
public record Retention(Duration hourly, Duration daily, Duration monthly, Duration batches, Duration feedback,
                        Duration sweepInterval, int sweepChunk) {

    public static Retention defaults() {
        return new Retention(Duration.ofDays(32), Duration.ofDays(400), Duration.ofDays(5 * 366), Duration.ofDays(30),
                Duration.ofDays(30), Duration.ofMinutes(1), 10_000);
    }

    public Retention {
        for (Duration duration : new Duration[] {hourly, daily, monthly, batches, feedback, sweepInterval}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("retention and sweep intervals must be positive, got " + duration);
            }
        }
        if (sweepChunk < 1) {
            throw new IllegalArgumentException("sweep chunk must be at least 1");
        }
    }

    /** Checks that batches are kept longer than re-sent results are recognised. */
    public Retention requireBatchesOutlive(Duration dedupeWindow) {
        if (batches.compareTo(dedupeWindow) <= 0) {
            throw new IllegalArgumentException("switchyard.cost.retention.batches (" + batches + ") must be longer than the dedupe "
                    + "window (" + dedupeWindow + "): a result re-sent after its batch was dropped would start the batch over");
        }
        return this;
    }

    public Duration of(CostWindow window) {
        return switch (window) {
            case HOUR -> hourly;
            case DAY -> daily;
            case MONTH -> monthly;
        };
    }
}
