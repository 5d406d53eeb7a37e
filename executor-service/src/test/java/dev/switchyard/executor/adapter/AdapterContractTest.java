package dev.switchyard.executor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelPrice;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.sim.Knobs;
import dev.switchyard.sim.SimServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both adapters, streamed and not, over real HTTP to provider-sim: the same contract for every
 * wire format. Each case names the adapter it builds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdapterContractTest {

    private SimServer sim;

    record Flavour(String name, boolean stream, BiFunction<String, AdapterOptions, ProviderAdapter> create) {
        ProviderAdapter adapter(SimServer sim, Duration timeout) {
            return create.apply(sim.baseUrl(), new AdapterOptions(timeout, stream, 16, 2));
        }

        @Override
        public String toString() {
            return name + (stream ? " streamed" : "");
        }
    }

    static Stream<Flavour> flavours() {
        BiFunction<String, AdapterOptions, ProviderAdapter> openAi = (url, options) -> new OpenAiAdapter(url + "/v1", "sk-test", options);
        BiFunction<String, AdapterOptions, ProviderAdapter> anthropic = (url, options) -> new AnthropicAdapter(url, "sk-ant-test", options);
        return Stream.of(new Flavour("openai", false, openAi), new Flavour("openai", true, openAi),
                new Flavour("anthropic", false, anthropic), new Flavour("anthropic", true, anthropic));
    }

    @BeforeAll
    void startSim() throws Exception {
        sim = SimServer.start("127.0.0.1", 0, Knobs.defaults());
    }

    @AfterEach
    void resetKnobs() {
        sim.knobs().reset(Knobs.defaults());
    }

    @AfterAll
    void stopSim() {
        sim.close();
    }

    private static CompletionCall call(String model, int maxTokens) {
        return new CompletionCall(model, List.of(Messages.text("system", "Be brief."),
                Messages.text("user", "What does Switchyard do with an LLM request?")), maxTokens, 0.2f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void answersWithTheProvidersUsageAndTheSameAnswerEveryTime(Flavour flavour) throws Exception {
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion first = adapter.complete(call("model-a", 500));
            Completion again = adapter.complete(call("model-a", 500));
            assertThat(first.content()).isNotBlank().isEqualTo(again.content());
            // Two messages: (9 + 3)/4 = 3 and (44 + 3)/4 = 11 tokens, each plus 4 of framing.
            assertThat(first.inputTokens()).isEqualTo(22);
            assertThat(first.outputTokens()).isEqualTo(first.content().split(" ").length);
            assertThat(first.cachedInputTokens()).isZero();
            assertThat(first.cacheWriteInputTokens()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void countsCachedInputInsideInputTokens(Flavour flavour) throws Exception {
        sim.knobs().set("model-c", knobs("cachedInputShare", 0.5));
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion completion = adapter.complete(call("model-c", 500));
            assertThat(completion.inputTokens()).isEqualTo(22);
            assertThat(completion.cachedInputTokens()).isEqualTo(11);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void readsPromptCacheWritesAndTheyAreCostedAtTheCacheWritePrice(Flavour flavour) throws Exception {
        // 22 input tokens: 11 read from the cache, 5 written to it (a quarter, rounded down), 6 plain.
        sim.knobs().set("claude-sonnet-4-5", Knobs.defaults().with(Map.of("cachedInputShare", 0.5, "cacheWriteInputShare", 0.25)));
        ModelPrice sonnet = CatalogLoader.defaultCatalog().model("claude-sonnet-4-5").orElseThrow().price();
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion completion = adapter.complete(call("claude-sonnet-4-5", 3));
            // inputTokens means all input tokens for every provider: no token counted twice or dropped.
            assertThat(completion.inputTokens()).isEqualTo(22);
            assertThat(completion.cachedInputTokens()).isEqualTo(11);
            assertThat(completion.outputTokens()).isEqualTo(3);
            long cost = sonnet.costNanoUsd(completion.inputTokens(), completion.cachedInputTokens(), completion.outputTokens(),
                    completion.cacheWriteInputTokens());
            if (flavour.name().equals("anthropic")) {
                // usage {input_tokens: 6, cache_read_input_tokens: 11, cache_creation_input_tokens: 5, output_tokens: 3}:
                // 6 x 3 + 11 x 0.30 + 5 x 3.75 + 3 x 15 = 85.05 USD/M = 85,050 nano-USD.
                assertThat(completion.cacheWriteInputTokens()).isEqualTo(5);
                assertThat(cost).isEqualTo(85_050L);
            } else {
                // OpenAI reports no cache writes apart: they are plain prompt tokens, 11 x 3 + 11 x 0.30 + 3 x 15 = 81.3 USD/M.
                assertThat(completion.cacheWriteInputTokens()).isZero();
                assertThat(cost).isEqualTo(81_300L);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void capsTheAnswerAtMaxOutputTokens(Flavour flavour) throws Exception {
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            assertThat(adapter.complete(call("model-a", 3)).outputTokens()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void classifiesEveryFailure(Flavour flavour) {
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofMillis(700))) {
            sim.knobs().set("limited", Knobs.defaults().with(Map.of("rateLimitRate", 1.0, "retryAfterSeconds", 7)));
            assertThatThrownBy(() -> adapter.complete(call("limited", 10)))
                    .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                        assertThat(e.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    });
            sim.knobs().set("broken", knobs("errorRate", 1.0));
            assertThat(outcome(adapter, "broken")).isEqualTo(AttemptOutcome.SERVER_ERROR);
            sim.knobs().set("small", knobs("contextWindow", 5));
            assertThat(outcome(adapter, "small")).isEqualTo(AttemptOutcome.CONTEXT_LENGTH);
            sim.knobs().set("locked", knobs("apiKey", "the-right-key"));
            assertThat(outcome(adapter, "locked")).isEqualTo(AttemptOutcome.AUTH);
            sim.knobs().set("stuck", Knobs.defaults().with(Map.of("hangRate", 1.0, "hangMs", 5_000)));
            assertThat(outcome(adapter, "stuck")).isEqualTo(AttemptOutcome.TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void aTruncatedStreamIsAFailureNotAShortAnswer(Flavour flavour) throws Exception {
        sim.knobs().set("cut", knobs("truncateRate", 1.0));
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            if (flavour.stream()) {
                assertThat(outcome(adapter, "cut")).isEqualTo(AttemptOutcome.SERVER_ERROR);
            } else {
                assertThat(adapter.complete(call("cut", 50)).content()).isNotBlank();
            }
        }
    }

    private static Knobs knobs(String knob, Object value) {
        return Knobs.defaults().with(Map.of(knob, value));
    }

    private static AttemptOutcome outcome(ProviderAdapter adapter, String model) {
        try {
            adapter.complete(call(model, 10));
            throw new AssertionError("expected " + model + " to fail");
        } catch (ProviderCallException e) {
            return e.outcome();
        }
    }
}
