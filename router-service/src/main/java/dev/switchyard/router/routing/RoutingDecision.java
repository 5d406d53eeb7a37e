package dev.switchyard.router.routing;

import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.internal.WorkItem;
import java.util.List;

/**
 * What the router does with one request or attempt: send it to a provider, end it now, or (in
 * the request core) hand it to the tenant core, which holds the budgets; and, from the tenant
 * core, each budget ledger that a reservation or a settlement changed, and each outcome count a
 * settlement changed.
 */
public sealed interface RoutingDecision {

    /**
     * @param options the eligible models in ranked order, the work item's first: what a budget
     *                may downgrade to
     */
    record Dispatch(WorkItem work, List<ModelOption> options) implements RoutingDecision {
    }

    record End(LlmResult result) implements RoutingDecision {
    }

    /** @param tenantId the key it goes on to the tenant core by */
    record Handoff(String tenantId, RouterCommand command) implements RoutingDecision {
    }

    /** A budget owner's ledger after a reservation or a settlement, for {@code llm.budget-reservations}. */
    record LedgerChanged(BudgetStatus ledger) implements RoutingDecision {
    }

    /** A tenant's or user's outcomes on a model after a settlement, for {@code llm.model-outcomes}. */
    record OutcomesCounted(String key, ModelOutcomes outcomes) implements RoutingDecision {
    }
}
