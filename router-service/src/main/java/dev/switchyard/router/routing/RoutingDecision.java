package dev.switchyard.router.routing;

import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.WorkItem;
import java.util.List;

/** What the router does with one request or attempt: send it to a provider, or end it now. */
public sealed interface RoutingDecision {

    /**
     * @param options the eligible models in ranked order, the work item's first: what a budget
     *                may downgrade to
     */
    record Dispatch(WorkItem work, List<ModelOption> options) implements RoutingDecision {
    }

    record End(LlmResult result) implements RoutingDecision {
    }
}
