package dev.switchyard.router.strategy;

import dev.switchyard.core.tokens.TokenEstimator;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.routing.ModelSelector;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.ModelStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The routing strategies of docs/CONTRACT.md, one ranking each:
 * <ul>
 *   <li>COST: the cheapest model whose quality for the task clears the bar of the complexity;</li>
 *   <li>LATENCY: the lowest observed latency (the catalog's typical latency until observed);</li>
 *   <li>QUALITY: the highest quality for the task;</li>
 *   <li>BALANCED: a weighted score of quality, cost and latency, weights per tenant;</li>
 *   <li>PREFERENCE: what served this tenant and user best, the share of its results that
 *       succeeded times the share of its answers of this task type and complexity the tenant
 *       judged sufficient (each smoothed, so unknown is one half), BALANCED breaking ties.</li>
 * </ul>
 * BALANCED and PREFERENCE take the quality as the tenant has judged it: the catalog's score for
 * the task, moved toward the share of the tenant's answers of this task type and complexity by
 * that model that it judged sufficient ({@code llm.feedback}), the more the more judgements there
 * are ({@link StrategyOptions#judgedQuality}).
 * Cost is this request's expected cost on each model, not a list price, so long prompts favour
 * models with cheap input and long answers those with cheap output.
 */
public final class StrategySelector implements ModelSelector {

    /** Answers are usually far shorter than their cap; this is the length ranking assumes. */
    private static final int EXPECTED_OUTPUT_TOKENS = 400;

    private final StrategyOptions options;
    /** BALANCED's reason per set of weights: formatting it for every request cost more than ranking. */
    private final Map<StrategyOptions.Weights, String> balanceReasons = new ConcurrentHashMap<>();

    public StrategySelector(StrategyOptions options) {
        this.options = options;
    }

    @Override
    public Ranking rank(LlmRequest request, List<ModelSpec> eligible, Classification task, Signals signals) {
        Strategy strategy = request.getStrategy();
        boolean weighsLatency = strategy != Strategy.COST && strategy != Strategy.QUALITY;
        boolean asJudged = strategy == Strategy.BALANCED || strategy == Strategy.PREFERENCE;
        List<Candidate> candidates = candidates(request, eligible, task, signals, weighsLatency, asJudged);
        return switch (strategy) {
            case QUALITY -> ranking(candidates,
                    Comparator.comparingDouble((Candidate c) -> -c.quality()).thenComparingDouble(Candidate::cost),
                    "highest " + task.taskType() + " quality");
            case LATENCY -> ranking(candidates, Comparator.comparingDouble(Candidate::latency), "lowest observed latency");
            case COST -> cheapestGoodEnough(candidates, task);
            case PREFERENCE -> preferred(request, task, candidates, signals);
            case BALANCED -> balanced(request, candidates);
        };
    }

    private Ranking cheapestGoodEnough(List<Candidate> candidates, Classification task) {
        double bar = StrategyOptions.qualityBar(task.routeAs());
        List<Candidate> clearing = new ArrayList<>(candidates.size());
        List<Candidate> rest = new ArrayList<>(candidates.size());
        candidates.forEach(c -> (c.quality() >= bar ? clearing : rest).add(c));
        clearing.sort(Comparator.comparingDouble(Candidate::cost));
        rest.sort(Comparator.comparingDouble((Candidate c) -> -c.quality()));
        List<ModelSpec> ranked = new ArrayList<>(candidates.size());
        clearing.forEach(c -> ranked.add(c.model()));
        rest.forEach(c -> ranked.add(c.model()));
        String reason = clearing.isEmpty()
                ? "no model reaches " + task.taskType() + " quality " + bar + " for " + task.routeAs() + ": the best one instead"
                : "cheapest with " + task.taskType() + " quality >= " + bar + " (" + task.routeAs() + ")";
        return new Ranking(ranked, reason);
    }

    private Ranking balanced(LlmRequest request, List<Candidate> candidates) {
        StrategyOptions.Weights weights = options.weightsOf(request.getTenantId());
        ToDoubleFunction<Candidate> score = balancedScore(candidates, weights);
        return ranking(candidates, Comparator.comparingDouble((Candidate c) -> -score.applyAsDouble(c)),
                balanceReasons.computeIfAbsent(weights, w -> String.format("best balance of quality %.2f, cost %.2f, latency %.2f",
                        w.quality(), w.cost(), w.latency())));
    }

    private Ranking preferred(LlmRequest request, Classification task, List<Candidate> candidates, Signals signals) {
        ToDoubleFunction<Candidate> tieBreak = balancedScore(candidates, options.weightsOf(request.getTenantId()));
        // Each model's outcomes and judgements are store reads: once per model, not once per comparison.
        Map<Candidate, Double> served = new IdentityHashMap<>();
        candidates.forEach(c -> served.put(c,
                signals.outcomes(request.getTenantId(), request.getUserId(), c.model().id()).successRate()
                        * signals.judged(request.getTenantId(), task.taskType(), task.complexity(), c.model().id()).successRate()));
        ToDoubleFunction<Candidate> howWell = served::get;
        return ranking(candidates, Comparator.comparingDouble((Candidate c) -> -howWell.applyAsDouble(c))
                        .thenComparingDouble(c -> -tieBreak.applyAsDouble(c)),
                "best observed success and judged sufficiency for "
                        + (request.getUserId() == null ? "tenant " + request.getTenantId() : "user " + request.getUserId()));
    }

    private static ToDoubleFunction<Candidate> balancedScore(List<Candidate> candidates, StrategyOptions.Weights weights) {
        double maxCost = 0;
        double maxLatency = 0;
        for (Candidate c : candidates) {
            maxCost = Math.max(maxCost, c.cost());
            maxLatency = Math.max(maxLatency, c.latency());
        }
        double costScale = Math.max(maxCost, 1e-9);
        double latencyScale = Math.max(maxLatency, 1e-9);
        return c -> weights.quality() * c.quality()
                + weights.cost() * (1 - c.cost() / costScale)
                + weights.latency() * (1 - c.latency() / latencyScale);
    }

    private static Ranking ranking(List<Candidate> candidates, Comparator<Candidate> order, String reason) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(order);
        List<ModelSpec> models = new ArrayList<>(sorted.size());
        sorted.forEach(c -> models.add(c.model()));
        return new Ranking(models, reason);
    }

    /**
     * What ranking compares, worked out once per model and request rather than at every
     * comparison of a sort: the quality for the task (as judged, for the strategies that take
     * it so, since it is a store read), this request's expected cost in nano-USD,
     * and the latency (observed once there are enough samples, the catalog's typical latency
     * until then; only for the strategies that weigh it, since it is a store read).
     */
    private record Candidate(ModelSpec model, double quality, double cost, double latency) {
    }

    private List<Candidate> candidates(LlmRequest request, List<ModelSpec> eligible, Classification task, Signals signals,
                                       boolean withLatency, boolean asJudged) {
        long inputTokens = TokenEstimator.inputTokens(request);
        int outputTokens = Math.min(EXPECTED_OUTPUT_TOKENS,
                request.getMaxOutputTokens() == null ? EXPECTED_OUTPUT_TOKENS : request.getMaxOutputTokens());
        List<Candidate> candidates = new ArrayList<>(eligible.size());
        for (ModelSpec model : eligible) {
            double quality = model.qualityFor(task.taskType());
            if (asJudged) {
                quality = options.judgedQuality(quality,
                        signals.judged(request.getTenantId(), task.taskType(), task.complexity(), model.id()));
            }
            candidates.add(new Candidate(model, quality, model.price().costNanoUsd(inputTokens, 0, outputTokens),
                    withLatency ? latency(model, signals) : Double.NaN));
        }
        return candidates;
    }

    private double latency(ModelSpec model, Signals signals) {
        return signals.stats(model.id())
                .filter(stats -> stats.getSamples() >= options.minLatencySamples())
                .map(ModelStats::getLatencyMs)
                .orElse((double) model.typicalLatencyMs());
    }
}
