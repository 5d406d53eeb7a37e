package dev.switchyard.router.strategy;

import dev.switchyard.core.tokens.TokenEstimator;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.routing.ModelSelector;
import dev.switchyard.schema.LlmRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The routing strategies of CONTRACT.md, one ranking each:
 * <ul>
 *   <li>COST: the cheapest model whose quality for the task clears the bar of the complexity;</li>
 *   <li>LATENCY: the lowest observed latency (the catalog's typical latency until observed);</li>
 *   <li>QUALITY: the highest quality for the task;</li>
 *   <li>BALANCED: a weighted score of quality, cost and latency, weights per tenant;</li>
 *   <li>PREFERENCE: the best observed success for this tenant and user, BALANCED breaking ties.</li>
 * </ul>
 * Cost is this request's expected cost on each model, not a list price, so long prompts favour
 * models with cheap input and long answers those with cheap output.
 */
public final class StrategySelector implements ModelSelector {

    /** Answers are usually far shorter than their cap; this is the length ranking assumes. */
    private static final int EXPECTED_OUTPUT_TOKENS = 400;

    private final StrategyOptions options;

    public StrategySelector(StrategyOptions options) {
        this.options = options;
    }

    @Override
    public Ranking rank(LlmRequest request, List<ModelSpec> eligible, Classification task, Signals signals) {
        String type = task.taskType();
        ModelFacts facts = new ModelFacts(request, signals);
        return switch (request.getStrategy()) {
            case QUALITY -> new Ranking(sorted(eligible, Comparator.comparingDouble((ModelSpec m) -> -m.qualityFor(type))
                    .thenComparingDouble(facts::cost)), "highest " + type + " quality");
            case LATENCY -> new Ranking(sorted(eligible, Comparator.comparingDouble(facts::latency)),
                    "lowest observed latency");
            case COST -> cheapestGoodEnough(eligible, task, facts);
            case PREFERENCE -> preferred(request, eligible, task, facts, signals);
            case BALANCED -> balanced(request, eligible, task, facts);
        };
    }

    private Ranking cheapestGoodEnough(List<ModelSpec> eligible, Classification task, ModelFacts facts) {
        double bar = StrategyOptions.qualityBar(task.complexity());
        List<ModelSpec> clearing = sorted(eligible.stream().filter(m -> m.qualityFor(task.taskType()) >= bar).toList(),
                Comparator.comparingDouble(facts::cost));
        List<ModelSpec> rest = sorted(eligible.stream().filter(m -> m.qualityFor(task.taskType()) < bar).toList(),
                Comparator.comparingDouble((ModelSpec m) -> -m.qualityFor(task.taskType())));
        List<ModelSpec> ranked = new ArrayList<>(clearing);
        ranked.addAll(rest);
        String reason = clearing.isEmpty()
                ? "no model reaches " + task.taskType() + " quality " + bar + " for " + task.complexity() + ": the best one instead"
                : "cheapest with " + task.taskType() + " quality >= " + bar + " (" + task.complexity() + ")";
        return new Ranking(ranked, reason);
    }

    private Ranking balanced(LlmRequest request, List<ModelSpec> eligible, Classification task, ModelFacts facts) {
        StrategyOptions.Weights weights = options.weightsOf(request.getTenantId());
        ToDoubleFunction<ModelSpec> score = balancedScore(eligible, task, facts, weights);
        return new Ranking(sorted(eligible, Comparator.comparingDouble((ModelSpec m) -> -score.applyAsDouble(m))),
                String.format("best balance of quality %.2f, cost %.2f, latency %.2f", weights.quality(), weights.cost(), weights.latency()));
    }

    private Ranking preferred(LlmRequest request, List<ModelSpec> eligible, Classification task, ModelFacts facts, Signals signals) {
        ToDoubleFunction<ModelSpec> tieBreak = balancedScore(eligible, task, facts, options.weightsOf(request.getTenantId()));
        // Each model's outcomes are a store read: once per model, not once per comparison.
        Map<ModelSpec, Double> successRates = new IdentityHashMap<>();
        eligible.forEach(m -> successRates.put(m, signals.outcomes(request.getTenantId(), request.getUserId(), m.id()).successRate()));
        ToDoubleFunction<ModelSpec> success = successRates::get;
        return new Ranking(sorted(eligible, Comparator.comparingDouble((ModelSpec m) -> -success.applyAsDouble(m))
                .thenComparingDouble(m -> -tieBreak.applyAsDouble(m))),
                "best observed success for " + (request.getUserId() == null ? "tenant " + request.getTenantId() : "user " + request.getUserId()));
    }

    private static ToDoubleFunction<ModelSpec> balancedScore(List<ModelSpec> eligible, Classification task, ModelFacts facts,
                                                             StrategyOptions.Weights weights) {
        double maxCost = eligible.stream().mapToDouble(facts::cost).max().orElse(1);
        double maxLatency = eligible.stream().mapToDouble(facts::latency).max().orElse(1);
        return m -> weights.quality() * m.qualityFor(task.taskType())
                + weights.cost() * (1 - facts.cost(m) / Math.max(maxCost, 1e-9))
                + weights.latency() * (1 - facts.latency(m) / Math.max(maxLatency, 1e-9));
    }

    private static List<ModelSpec> sorted(List<ModelSpec> models, Comparator<ModelSpec> order) {
        return models.stream().sorted(order).toList();
    }

    /**
     * This request's expected cost on each model, in nano-USD, and each model's latency: worked
     * out once per model and request, since sorting asks for them at every comparison.
     */
    private final class ModelFacts {
        private final long inputTokens;
        private final int outputTokens;
        private final Signals signals;
        private final Map<ModelSpec, Double> costs = new IdentityHashMap<>();
        private final Map<ModelSpec, Double> latencies = new IdentityHashMap<>();

        ModelFacts(LlmRequest request, Signals signals) {
            this.inputTokens = TokenEstimator.inputTokens(request);
            this.outputTokens = Math.min(EXPECTED_OUTPUT_TOKENS,
                    request.getMaxOutputTokens() == null ? EXPECTED_OUTPUT_TOKENS : request.getMaxOutputTokens());
            this.signals = signals;
        }

        double cost(ModelSpec model) {
            return costs.computeIfAbsent(model, m -> (double) m.price().costNanoUsd(inputTokens, 0, outputTokens));
        }

        /** Observed, once there are enough samples; the catalog's typical latency until then. */
        double latency(ModelSpec model) {
            return latencies.computeIfAbsent(model, m -> signals.stats(m.id())
                    .filter(stats -> stats.getSamples() >= options.minLatencySamples())
                    .map(stats -> stats.getLatencyMs())
                    .orElse((double) m.typicalLatencyMs()));
        }
    }
}
