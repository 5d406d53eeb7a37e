package dev.switchyard.cost.query;

import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.schema.BudgetStatus;

/** A budget's status as the API shows it: docs/CONTRACT.md's {@code BudgetStatus}, with its tenant and USD figures. */
public record BudgetRow(String owner, String tenantId, String period, long periodStartMs, long limitNanoUsd,
                        long spentNanoUsd, long reservedNanoUsd, String state, long updatedAtMs, String limitUsd,
                        String spentUsd) {

    public static BudgetRow of(BudgetStatus status) {
        return new BudgetRow(status.getOwner(), BudgetOwners.tenantOf(status.getOwner()), status.getPeriod().name(),
                status.getPeriodStartMs().toEpochMilli(), status.getLimitNanoUsd(), status.getSpentNanoUsd(),
                status.getReservedNanoUsd(), status.getState().name(), status.getUpdatedAtMs().toEpochMilli(),
                CostRow.usd(status.getLimitNanoUsd()), CostRow.usd(status.getSpentNanoUsd()));
    }
}
