package dev.switchyard.cost.budget;

import dev.switchyard.core.budget.BudgetPeriods;
import dev.switchyard.core.budget.BudgetStates;
import dev.switchyard.schema.BudgetAlert;
import dev.switchyard.schema.BudgetPeriod;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.OwnerLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of a budget owner's ledger: actual spend per UTC day, month and in total,
 * whether or not the owner has a policy, so that a policy set mid-period reports what was
 * really spent. Pure functions, so the processor around them only does storage and output.
 */
public final class Ledgers {

    private Ledgers() {
    }

    public static OwnerLedger empty(String owner, Instant now) {
        return OwnerLedger.newBuilder()
                .setOwner(owner)
                .setDayStartMs(BudgetPeriods.start(BudgetPeriod.DAILY, now))
                .setMonthStartMs(BudgetPeriods.start(BudgetPeriod.MONTHLY, now))
                .setAlertPeriodStartMs(Instant.EPOCH)
                .setUpdatedAtMs(now)
                .build();
    }

    /**
     * Moves the day and month on to those of {@code now}, spending nothing yet in a new one. A
     * ledger never moves back: spend that happened in an earlier day or month than the ledger's
     * is added to the total and to whichever current period it falls in.
     */
    public static OwnerLedger rollTo(OwnerLedger ledger, Instant now) {
        Instant day = BudgetPeriods.start(BudgetPeriod.DAILY, now);
        Instant month = BudgetPeriods.start(BudgetPeriod.MONTHLY, now);
        OwnerLedger.Builder rolled = OwnerLedger.newBuilder(ledger);
        if (day.isAfter(ledger.getDayStartMs())) {
            rolled.setDayStartMs(day).setDaySpentNanoUsd(0);
        }
        if (month.isAfter(ledger.getMonthStartMs())) {
            rolled.setMonthStartMs(month).setMonthSpentNanoUsd(0);
        }
        return rolled.build();
    }

    public static OwnerLedger spend(OwnerLedger ledger, long costNanoUsd, Instant at) {
        OwnerLedger rolled = rollTo(ledger, at);
        OwnerLedger.Builder spent = OwnerLedger.newBuilder(rolled)
                .setTotalSpentNanoUsd(Math.addExact(rolled.getTotalSpentNanoUsd(), costNanoUsd));
        if (BudgetPeriods.start(BudgetPeriod.DAILY, at).equals(rolled.getDayStartMs())) {
            spent.setDaySpentNanoUsd(Math.addExact(rolled.getDaySpentNanoUsd(), costNanoUsd));
        }
        if (BudgetPeriods.start(BudgetPeriod.MONTHLY, at).equals(rolled.getMonthStartMs())) {
            spent.setMonthSpentNanoUsd(Math.addExact(rolled.getMonthSpentNanoUsd(), costNanoUsd));
        }
        return spent.build();
    }

    public static long spent(OwnerLedger ledger, BudgetPeriod period) {
        return switch (period) {
            case DAILY -> ledger.getDaySpentNanoUsd();
            case MONTHLY -> ledger.getMonthSpentNanoUsd();
            case TOTAL -> ledger.getTotalSpentNanoUsd();
        };
    }

    public static Instant periodStart(OwnerLedger ledger, BudgetPeriod period) {
        return switch (period) {
            case DAILY -> ledger.getDayStartMs();
            case MONTHLY -> ledger.getMonthStartMs();
            case TOTAL -> Instant.EPOCH;
        };
    }

    /**
     * The status of an owner with a policy, as of the ledger's periods: the spend this service
     * counted, and what the router holds reserved for requests in flight, from its ledger of the
     * same period (the router reserves and settles; a ledger of another period holds nothing now).
     * The state is the router's: spent and reserved together, which is what decides whether a
     * request fits.
     *
     * @param routerLedger the router's latest ledger of this owner, or null before its first
     */
    public static BudgetStatus status(OwnerLedger ledger, BudgetStatus routerLedger, Instant now) {
        BudgetPolicy policy = ledger.getPolicy();
        long spent = spent(ledger, policy.getPeriod());
        Instant periodStart = periodStart(ledger, policy.getPeriod());
        long reserved = routerLedger != null && routerLedger.getPeriod() == policy.getPeriod()
                && routerLedger.getPeriodStartMs().equals(periodStart) ? routerLedger.getReservedNanoUsd() : 0;
        return BudgetStatus.newBuilder()
                .setOwner(ledger.getOwner())
                .setPeriod(policy.getPeriod())
                .setPeriodStartMs(periodStart)
                .setLimitNanoUsd(policy.getLimitNanoUsd())
                .setSpentNanoUsd(spent)
                .setReservedNanoUsd(reserved)
                .setState(BudgetStates.of(policy, Math.addExact(spent, reserved)))
                .setUpdatedAtMs(now)
                .build();
    }

    /**
     * The alerts this ledger owes: each threshold of its policy that spend has reached in the
     * current period and that has not been alerted in it. Returns them with the ledger that
     * remembers them, so that storing the ledger and sending the alerts commit together.
     */
    public static Alerts alertsDue(OwnerLedger ledger, Instant now) {
        BudgetPolicy policy = ledger.getPolicy();
        Instant periodStart = periodStart(ledger, policy.getPeriod());
        boolean samePeriod = policy.getPeriod() == ledger.getAlertPeriod() && periodStart.equals(ledger.getAlertPeriodStartMs());
        List<Integer> alerted = new ArrayList<>(samePeriod ? ledger.getAlertedThresholds() : List.of());
        long spent = spent(ledger, policy.getPeriod());
        List<BudgetAlert> due = new ArrayList<>();
        for (int threshold : policy.getAlertThresholds().stream().sorted().distinct().toList()) {
            if (!alerted.contains(threshold) && BudgetStates.reached(spent, policy.getLimitNanoUsd(), threshold)) {
                alerted.add(threshold);
                due.add(new BudgetAlert(ledger.getOwner(), policy.getPeriod(), periodStart, threshold, spent,
                        policy.getLimitNanoUsd(), now));
            }
        }
        OwnerLedger remembered = OwnerLedger.newBuilder(ledger)
                .setAlertPeriod(policy.getPeriod())
                .setAlertPeriodStartMs(periodStart)
                .setAlertedThresholds(alerted)
                .build();
        return new Alerts(remembered, due);
    }

    public record Alerts(OwnerLedger ledger, List<BudgetAlert> due) {
    }
}
