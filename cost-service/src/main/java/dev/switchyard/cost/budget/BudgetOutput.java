package dev.switchyard.cost.budget;

import dev.switchyard.schema.BudgetAlert;
import dev.switchyard.schema.BudgetStatus;

/** What the budget ledger emits: a status for {@code llm.budgets} (null: the policy was removed), or an alert. */
public sealed interface BudgetOutput {

    record Status(String owner, BudgetStatus status) implements BudgetOutput {
    }

    record Alert(BudgetAlert alert) implements BudgetOutput {
    }
}
