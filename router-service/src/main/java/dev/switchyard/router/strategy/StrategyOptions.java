package dev.switchyard.router.strategy;

import dev.switchyard.schema.Complexity;
import java.util.Map;

/**
 * Tunables of the strategies.
 *
 * @param balanced       BALANCED weights of tenants that have their own; others use {@link #defaultWeights}
 * @param defaultWeights quality first (0.5), then cost (0.3), then latency (0.2): a router that
 *                       saves money by failing the task saves nothing
 * @param minLatencySamples observed latencies count once a model has this many samples; until
 *                       then the catalog's typical latency stands in
 * @param judgedPrior    how many judgements the catalog's quality score weighs as: 20, so that a
 *                       handful of judgements nudges a model and a few dozen decide, and one
 *                       unhappy user cannot swing a tenant's routing
 */
public record StrategyOptions(Map<String, Weights> balanced, Weights defaultWeights, int minLatencySamples, int judgedPrior) {

    /** Relative weights of BALANCED's three scores, each normalised to [0, 1] over the eligible models. */
    public record Weights(double quality, double cost, double latency) {
    }

    public static StrategyOptions defaults() {
        return new StrategyOptions(Map.of(), new Weights(0.5, 0.3, 0.2), 5, 20);
    }

    /**
     * The catalog's quality moved toward the tenant's judged share of sufficient answers: a mean
     * of the two in which the catalog's score counts as {@link #judgedPrior} judgements.
     */
    public double judgedQuality(double catalogQuality, Signals.Outcomes judged) {
        return (judgedPrior * catalogQuality + judged.succeeded()) / (judgedPrior + judged.total());
    }

    public Weights weightsOf(String tenantId) {
        return balanced.getOrDefault(tenantId, defaultWeights);
    }

    /**
     * COST's quality bar per complexity: the cheapest model must at least clear it for the task
     * type. The catalog's scores spread from about 0.5 (small models off their strengths) to
     * 0.95, so the bars step from "any competent model" to "frontier models only".
     */
    public static double qualityBar(Complexity complexity) {
        return switch (complexity) {
            case SIMPLE -> 0.55;
            case MODERATE -> 0.70;
            case COMPLEX -> 0.80;
            case EXPERT -> 0.88;
        };
    }
}
