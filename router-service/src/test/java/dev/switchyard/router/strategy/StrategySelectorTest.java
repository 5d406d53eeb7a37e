package dev.switchyard.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.routing.ModelSelector;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.serde.TrustedRecords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrategySelectorTest {

    static {
        TrustedRecords.ensure();
    }

    private final Catalog catalog = CatalogLoader.defaultCatalog();
    private final List<ModelSpec> all = catalog.models();
    private final StrategySelector selector = new StrategySelector(StrategyOptions.defaults());

    private static LlmRequest request(Strategy strategy) {
        return LlmRequest.newBuilder().setRequestId("r").setTenantId("acme").setUserId("ada").setStrategy(strategy)
                .setMaxOutputTokens(300).setMessages(List.of(Messages.text("user", "Write a function that merges two sorted lists."))).build();
    }

    private ModelSelector.Ranking rank(Strategy strategy, Complexity complexity, Signals signals) {
        return selector.rank(request(strategy), all, new Classification("code", complexity), signals);
    }

    @Test
    void qualityPicksTheBestModelForTheTask() {
        assertThat(rank(Strategy.QUALITY, Complexity.MODERATE, Signals.NONE).models().getFirst().id()).isEqualTo("claude-opus-4-1");
    }

    @Test
    void costPicksTheCheapestModelThatClearsTheBarOfTheComplexity() {
        ModelSelector.Ranking simple = rank(Strategy.COST, Complexity.SIMPLE, Signals.NONE);
        ModelSelector.Ranking expert = rank(Strategy.COST, Complexity.EXPERT, Signals.NONE);
        assertThat(simple.models().getFirst().id()).isEqualTo("mistral-small-3-2"); // code 0.58 >= 0.55, $0.30/M out
        assertThat(expert.models().getFirst().qualityFor("code")).isGreaterThanOrEqualTo(0.88);
        assertThat(expert.models().getFirst().id()).isEqualTo("gemini-2.5-pro"); // cheapest of code >= 0.88
        assertThat(expert.reason()).isEqualTo("cheapest with code quality >= 0.88 (EXPERT)");
    }

    @Test
    void latencyUsesObservedLatencyOnceThereAreEnoughSamples() {
        assertThat(rank(Strategy.LATENCY, Complexity.MODERATE, Signals.NONE).models().getFirst().id()).isEqualTo("codestral");
        Signals observed = signals(Map.of("codestral", stats("codestral", 900, 50), "gpt-4.1-nano", stats("gpt-4.1-nano", 120, 50),
                "mistral-small-3-2", stats("mistral-small-3-2", 80, 2)), Map.of());
        assertThat(rank(Strategy.LATENCY, Complexity.MODERATE, observed).models().getFirst().id())
                .as("two samples are not enough to trust mistral's 80 ms").isEqualTo("gpt-4.1-nano");
    }

    @Test
    void balancedWeightsAreConfigurablePerTenant() {
        StrategySelector costMinded = new StrategySelector(new StrategyOptions(
                Map.of("acme", new StrategyOptions.Weights(0, 1, 0)), StrategyOptions.defaults().defaultWeights(), 5, 20));
        ModelSelector.Ranking ranking = costMinded.rank(request(Strategy.BALANCED), all, new Classification("code", Complexity.MODERATE),
                Signals.NONE);
        assertThat(ranking.models().getFirst().id()).isEqualTo("mistral-small-3-2");
        assertThat(ranking.reason()).contains("quality 0.00, cost 1.00");
        assertThat(rank(Strategy.BALANCED, Complexity.MODERATE, Signals.NONE).models().getFirst().id())
                .isNotEqualTo("mistral-small-3-2");
    }

    @Test
    void preferencePicksWhatServedThisUserBest() {
        Signals history = signals(Map.of(), Map.of("deepseek-chat", new Signals.Outcomes(40, 40), "claude-opus-4-1", new Signals.Outcomes(2, 10)));
        ModelSelector.Ranking ranking = rank(Strategy.PREFERENCE, Complexity.MODERATE, history);
        assertThat(ranking.models().getFirst().id()).isEqualTo("deepseek-chat");
        assertThat(ranking.models().getLast().id()).isEqualTo("claude-opus-4-1");
        assertThat(ranking.reason()).isEqualTo("best observed success and judged sufficiency for user ada");
    }

    @Test
    void balancedAndPreferenceTakeTheQualityAsTheTenantJudgedIt() {
        for (Strategy strategy : List.of(Strategy.BALANCED, Strategy.PREFERENCE)) {
            String first = rank(strategy, Complexity.MODERATE, Signals.NONE).models().getFirst().id();
            Signals judged = judged("acme", Complexity.MODERATE, first, new Signals.Outcomes(0, 60));
            assertThat(rank(strategy, Complexity.MODERATE, judged).models().getFirst().id())
                    .as("%s: sixty insufficient answers of %s for this task and complexity", strategy, first).isNotEqualTo(first);
            assertThat(rank(strategy, Complexity.COMPLEX, judged).models().getFirst().id())
                    .as("%s: judgements of another complexity do not count", strategy)
                    .isEqualTo(rank(strategy, Complexity.COMPLEX, Signals.NONE).models().getFirst().id());
        }
        String cheapest = rank(Strategy.COST, Complexity.MODERATE, Signals.NONE).models().getFirst().id();
        assertThat(rank(Strategy.COST, Complexity.MODERATE, judged("acme", Complexity.MODERATE, cheapest, new Signals.Outcomes(0, 60)))
                .models().getFirst().id()).as("COST keeps the catalog's quality bar").isEqualTo(cheapest);
    }

    @Test
    void judgedQualityMovesFromTheCatalogsScoreTowardTheJudgedShareWithTheirNumber() {
        StrategyOptions options = StrategyOptions.defaults();
        assertThat(options.judgedQuality(0.8, Signals.Outcomes.NONE)).isEqualTo(0.8);
        assertThat(options.judgedQuality(0.8, new Signals.Outcomes(0, 5))).isEqualTo(0.64, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(options.judgedQuality(0.8, new Signals.Outcomes(0, 2_000))).isLessThan(0.01);
        assertThat(options.judgedQuality(0.5, new Signals.Outcomes(100, 100))).isGreaterThan(0.9);
    }

    @Test
    void anOpenCircuitIsSignalledPerModel() {
        ModelStats open = stats("gpt-4o", 500, 100);
        open.setCircuit(CircuitState.OPEN);
        assertThat(signals(Map.of("gpt-4o", open), Map.of()).circuitOpen("gpt-4o")).isTrue();
        assertThat(Signals.NONE.circuitOpen("gpt-4o")).isFalse();
    }

    private static ModelStats stats(String model, double latencyMs, long samples) {
        return ModelStats.newBuilder().setModel(model).setProvider("p").setLatencyMs(latencyMs).setSuccessRate(1.0)
                .setSamples(samples).setUpdatedAtMs(Instant.EPOCH).build();
    }

    /** The tenant's judgements of one model's code answers at one complexity. */
    private static Signals judged(String tenant, Complexity complexity, String model, Signals.Outcomes judgements) {
        return new JudgedSignals((tenantId, taskType, at, id) -> tenantId.equals(tenant) && taskType.equals("code")
                && at == complexity && id.equals(model) ? judgements : Signals.Outcomes.NONE);
    }

    private static Signals signals(Map<String, ModelStats> stats, Map<String, Signals.Outcomes> outcomes) {
        return new Signals() {
            @Override
            public Optional<ModelStats> stats(String model) {
                return Optional.ofNullable(stats.get(model));
            }

            @Override
            public Outcomes outcomes(String tenantId, String userId, String model) {
                return outcomes.getOrDefault(model, Outcomes.NONE);
            }
        };
    }
}
