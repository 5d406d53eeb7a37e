package dev.switchyard.router.routing;

import dev.switchyard.router.validation.RequestLimits;

/**
 * Tunables of the routing decision.
 *
 * @param defaultMaxOutputTokens the output cap of a request that sets none. Every dispatched
 *                               request carries a cap, so its worst-case cost is bounded and a
 *                               budget can reserve it; 1,024 covers most chat answers while
 *                               keeping reservations of uncapped requests modest.
 * @param maxFallbacks           how many further models a request may move to after the first.
 *                               Three keeps a failing request's latency bounded while riding
 *                               out one provider's outage.
 * @param limits                 how large a request may be
 */
public record RoutingOptions(int defaultMaxOutputTokens, int maxFallbacks, RequestLimits limits) {

    public static RoutingOptions defaults() {
        return new RoutingOptions(1024, 3, RequestLimits.defaults());
    }
}
