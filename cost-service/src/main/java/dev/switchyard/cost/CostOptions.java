package dev.switchyard.cost;

import dev.switchyard.cost.retention.Retention;
import java.time.Duration;

/**
 * The choices of the cost topology.
 *
 * @param dedupeWindow how long a usage or result id is remembered to drop its re-sends. A
 *                     redelivery comes within minutes; 24 h matches the contract's idempotency
 *                     horizon with room to spare.
 * @param grace        how long after its end a window still takes events of its own time. Usage
 *                     comes seconds after the call, but an executor that crashed and restarts,
 *                     or a backlog after an outage, delivers it later; an hour covers those, and
 *                     what comes later still is counted in the open window (never dropped).
 * @param periodCheck   how often the budget ledger looks for a new UTC day on the wall clock, to
 *                      reset budgets in which nothing is being spent. A minute is the delay of a
 *                      reset status at midnight; the scan itself runs once a day.
 * @param flushInterval how long deltas are summed locally before they are forwarded (zero: not
 *                      at all). Each usage event fans out into nine aggregates; summing them for a
 *                      second turns a stream of tens of thousands of deltas a second into one per
 *                      key, at the price of a second more before a figure moves. Budgets are
 *                      enforced by the router, not here, so that second costs no overshoot.
 * @param retention     how long aggregates and batch statuses stay in the service's stores
 */
public record CostOptions(Duration dedupeWindow, Duration grace, Duration periodCheck, Duration flushInterval,
                          Retention retention) {

    public CostOptions {
        retention.requireBatchesOutlive(dedupeWindow);
    }

    public static CostOptions defaults() {
        return new CostOptions(Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1),
                Retention.defaults());
    }

    /** As these options, forwarding every delta at once: for tests that read outputs right after their inputs. */
    public CostOptions unbuffered() {
        return new CostOptions(dedupeWindow, grace, periodCheck, Duration.ZERO, retention);
    }

    /** As these options, keeping what it sums for {@code retention}. */
    public CostOptions keeping(Retention retention) {
        return new CostOptions(dedupeWindow, grace, periodCheck, flushInterval, retention);
    }
}
