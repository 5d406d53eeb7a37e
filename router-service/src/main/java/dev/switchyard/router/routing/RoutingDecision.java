package dev.switchyard.router.routing;

import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.WorkItem;

/** What the router does with one request: send it to a provider, or end it now. */
public sealed interface RoutingDecision {

    record Dispatch(WorkItem work) implements RoutingDecision {
    }

    record End(LlmResult result) implements RoutingDecision {
    }
}
