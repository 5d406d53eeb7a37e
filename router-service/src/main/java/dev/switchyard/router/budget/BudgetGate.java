package dev.switchyard.router.budget;

import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.core.budget.BudgetPeriods;
import dev.switchyard.core.budget.BudgetStates;
import dev.switchyard.router.routing.ModelOption;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetState;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.BudgetHold;
import dev.switchyard.schema.internal.BudgetReservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Hard budgets, with one writer per tenant, so that concurrent requests cannot overshoot a budget
 * (as they do where spend is checked before a call and added after it). Before dispatch, the worst case of an attempt is reserved against every budget
 * of the request's tenant and user; a request that would take spent + reserved past a limit is
 * refused. The terminal result settles the reservation to the actual cost. Since an attempt
 * never costs more than its worst case, the actual spend never exceeds a limit.
 *
 * <p>Ledgers are per owner and period, calendar-aligned in UTC: a ledger found in an earlier
 * period starts the new one at zero. A reservation settles into the period it was made in.
 *
 * <p>The ledger's spend is what this writer settled. A budget can also have been spent by requests
 * that were never reserved against it (routed before its policy existed, as a policy set on the
 * 15th of the month meets the spend since the 1st), so the check takes the larger of the ledger's
 * spend and the cost service's count of actual spend in the same period ({@code llm.budgets}). Both
 * are lower bounds of the truth; neither is added to the other, so nothing is counted twice. What
 * the cost service has not counted yet (it publishes within a second or so) cannot be seen.
 */
public final class BudgetGate {

    private final ReadOnlyKeyValueStore<String, BudgetPolicy> policies;
    private final ReadOnlyKeyValueStore<String, BudgetStatus> countedSpend;
    private final KeyValueStore<String, BudgetStatus> ledgers;
    private final KeyValueStore<String, BudgetReservation> reservations;
    /**
     * Ledgers written since the last {@link #takeChangedLedgers()}, by owner: several retries due
     * at once may change one ledger several times, and only how it last stood is published.
     */
    private final Map<String, BudgetStatus> changed = new LinkedHashMap<>();

    /**
     * @param policies every owner's policy, from the global store of {@code llm.budget-policies}:
     *                 a removed policy stops applying at once, and a changed one applies to the
     *                 next reservation; ledgers stay with this core
     * @param countedSpend the cost service's statuses, from the global store of {@code llm.budgets}
     */
    public BudgetGate(ReadOnlyKeyValueStore<String, BudgetPolicy> policies, ReadOnlyKeyValueStore<String, BudgetStatus> countedSpend,
                      KeyValueStore<String, BudgetStatus> ledgers, KeyValueStore<String, BudgetReservation> reservations) {
        this.policies = policies;
        this.countedSpend = countedSpend;
        this.ledgers = ledgers;
        this.reservations = reservations;
    }

    /** The outcome of a reservation: the option it was made for, or why there is none. */
    public sealed interface Verdict {
        record Reserved(ModelOption option, boolean downgraded) implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }
    }

    /**
     * Reserves the first option that fits every applicable budget: the first of {@code options},
     * or, when a policy allows a downgrade, the first cheaper one that fits.
     */
    public Verdict reserve(String requestId, String tenantId, String userId, List<ModelOption> options, Instant now) {
        List<Owner> owners = new ArrayList<>();
        for (String owner : BudgetOwners.of(tenantId, userId)) {
            BudgetPolicy policy = policies.get(owner);
            if (policy != null) {
                BudgetStatus ledger = ledger(owner, policy, now);
                owners.add(new Owner(policy, ledger, Math.max(ledger.getSpentNanoUsd(), counted(ledger))));
            }
        }
        ModelOption first = options.getFirst();
        if (owners.isEmpty()) {
            return new Verdict.Reserved(first, false);
        }
        String shortfall = shortfall(owners, first.worstCaseNanoUsd());
        if (shortfall == null) {
            hold(requestId, owners, first.worstCaseNanoUsd(), now);
            return new Verdict.Reserved(first, false);
        }
        if (owners.stream().allMatch(owner -> owner.policy().getAllowDowngrade())) {
            for (ModelOption cheaper : options) {
                if (cheaper.worstCaseNanoUsd() < first.worstCaseNanoUsd() && shortfall(owners, cheaper.worstCaseNanoUsd()) == null) {
                    hold(requestId, owners, cheaper.worstCaseNanoUsd(), now);
                    return new Verdict.Reserved(cheaper, true);
                }
            }
        }
        return new Verdict.Refused(shortfall);
    }

    /** Releases a request's reservation and books its actual cost, in the periods it was reserved in. */
    public void settle(String requestId, long actualCostNanoUsd, Instant now) {
        BudgetReservation reservation = reservations.delete(requestId);
        if (reservation == null) {
            return;
        }
        for (BudgetHold hold : reservation.getHolds()) {
            BudgetPolicy policy = policies.get(hold.getOwner());
            BudgetStatus ledger = ledgers.get(hold.getOwner());
            if (ledger == null || !ledger.getPeriodStartMs().equals(hold.getPeriodStartMs())) {
                continue; // its period has ended; the new one started from zero
            }
            ledger.setReservedNanoUsd(Math.max(0, ledger.getReservedNanoUsd() - reservation.getAmountNanoUsd()));
            ledger.setSpentNanoUsd(ledger.getSpentNanoUsd() + actualCostNanoUsd);
            ledger.setUpdatedAtMs(now);
            if (policy != null) {
                ledger.setState(BudgetStates.of(policy, Math.max(ledger.getSpentNanoUsd(), counted(ledger)) + ledger.getReservedNanoUsd()));
            }
            ledgers.put(hold.getOwner(), ledger);
            changed.put(hold.getOwner(), ledger);
        }
    }

    /** The ledgers reservations and settlements changed since the last call, each once, as it now stands. */
    public List<BudgetStatus> takeChangedLedgers() {
        List<BudgetStatus> taken = List.copyOf(changed.values());
        changed.clear();
        return taken;
    }

    /** @param spent the larger of the ledger's settled spend and the cost service's count */
    private record Owner(BudgetPolicy policy, BudgetStatus ledger, long spent) {
    }

    /** The cost service's count of the owner's actual spend in the ledger's period, or 0 if it has none of that period. */
    private long counted(BudgetStatus ledger) {
        BudgetStatus counted = countedSpend.get(ledger.getOwner());
        return counted != null && counted.getPeriod() == ledger.getPeriod() && counted.getPeriodStartMs().equals(ledger.getPeriodStartMs())
                ? counted.getSpentNanoUsd() : 0;
    }

    /** Null when {@code amount} fits every owner's budget, else the first owner's shortfall, in words. */
    private static String shortfall(List<Owner> owners, long amount) {
        for (Owner owner : owners) {
            BudgetStatus ledger = owner.ledger();
            long committed = owner.spent() + ledger.getReservedNanoUsd();
            if (committed + amount > owner.policy().getLimitNanoUsd()) {
                return "budget " + ledger.getOwner() + " (" + ledger.getPeriod() + ") would be exceeded: spent "
                        + owner.spent() + " + reserved " + ledger.getReservedNanoUsd() + " + this request's worst case "
                        + amount + " > limit " + owner.policy().getLimitNanoUsd() + " nano-USD";
            }
        }
        return null;
    }

    private void hold(String requestId, List<Owner> owners, long amount, Instant now) {
        BudgetReservation reservation = reservations.get(requestId);
        if (reservation == null) {
            reservation = new BudgetReservation(requestId, 0L, new ArrayList<>());
            for (Owner owner : owners) {
                reservation.getHolds().add(new BudgetHold(owner.ledger().getOwner(), owner.ledger().getPeriodStartMs()));
            }
        }
        reservation.setAmountNanoUsd(reservation.getAmountNanoUsd() + amount);
        reservations.put(requestId, reservation);
        for (Owner owner : owners) {
            BudgetStatus ledger = owner.ledger();
            ledger.setReservedNanoUsd(ledger.getReservedNanoUsd() + amount);
            ledger.setUpdatedAtMs(now);
            ledger.setState(BudgetStates.of(owner.policy(), owner.spent() + ledger.getReservedNanoUsd()));
            ledgers.put(ledger.getOwner(), ledger);
            changed.put(ledger.getOwner(), ledger);
        }
    }

    /** The owner's ledger of the policy's current period; a new period, or a policy of another period, starts from zero. */
    private BudgetStatus ledger(String owner, BudgetPolicy policy, Instant now) {
        Instant periodStart = BudgetPeriods.start(policy.getPeriod(), now);
        BudgetStatus ledger = ledgers.get(owner);
        if (ledger == null || ledger.getPeriod() != policy.getPeriod() || !ledger.getPeriodStartMs().equals(periodStart)) {
            ledger = BudgetStatus.newBuilder()
                    .setOwner(owner).setPeriod(policy.getPeriod()).setPeriodStartMs(periodStart)
                    .setLimitNanoUsd(policy.getLimitNanoUsd()).setSpentNanoUsd(0).setReservedNanoUsd(0)
                    .setState(BudgetState.OK).setUpdatedAtMs(now)
                    .build();
        }
        ledger.setLimitNanoUsd(policy.getLimitNanoUsd());
        return ledger;
    }
}
