package dev.switchyard.core.budget;

import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetState;
import java.math.BigInteger;

/**
 * What OK, WARNING and EXHAUSTED mean, for the router's ledger and the cost service's
 * {@code llm.budgets} alike: EXHAUSTED from the limit, WARNING from the policy's highest alert
 * threshold below 100% (80% when it names none). Comparisons are exact in integers.
 */
public final class BudgetStates {

    /** WARNING from this share of the limit when the policy names no threshold below 100%. */
    static final int DEFAULT_WARNING_PERCENT = 80;

    private BudgetStates() {
    }

    public static BudgetState of(BudgetPolicy policy, long spentNanoUsd) {
        if (reached(spentNanoUsd, policy.getLimitNanoUsd(), 100)) {
            return BudgetState.EXHAUSTED;
        }
        int warning = policy.getAlertThresholds().stream().filter(p -> p < 100).max(Integer::compare)
                .orElse(DEFAULT_WARNING_PERCENT);
        return reached(spentNanoUsd, policy.getLimitNanoUsd(), warning) ? BudgetState.WARNING : BudgetState.OK;
    }

    /** spent ≥ percent% of limit, exactly and without overflow (a limit of 0 is reached at once). */
    public static boolean reached(long spentNanoUsd, long limitNanoUsd, int percent) {
        return BigInteger.valueOf(spentNanoUsd).multiply(BigInteger.valueOf(100))
                .compareTo(BigInteger.valueOf(limitNanoUsd).multiply(BigInteger.valueOf(percent))) >= 0;
    }
}
