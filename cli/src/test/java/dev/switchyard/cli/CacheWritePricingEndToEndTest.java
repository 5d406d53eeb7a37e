package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.sim.Knobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Prices as Anthropic invoices them, on a real broker: a model whose provider reports prompt-cache
 * writes and reads (through the Anthropic SDK, from provider-sim) is billed at the catalog's
 * cacheWrite price for the writes, its cachedInput price for the reads and its input price for
 * the rest; each result's cost equals that sum computed here from its tokens, and the month's
 * aggregate on {@code llm.costs} adds up the same tokens and cost.
 */
class CacheWritePricingEndToEndTest {

    private static final String MODEL = "claude-haiku-4-5";
    // The built-in catalog's prices of claude-haiku-4-5 in USD per 1M tokens, as nano-USD per token.
    private static final long INPUT = 1_000;
    private static final long CACHED_INPUT = 100;
    private static final long CACHE_WRITE = 1_250;
    private static final long OUTPUT = 5_000;

    @Test
    void cacheWritesAreBilledAtTheirOwnPriceAndCountedOnce() throws Exception {
        try (InProcessStack stack = new InProcessStack().startServices();
             TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, true);
             RequestProducer producer = new RequestProducer(stack.kafka)) {
            stack.sim.knobs().set(MODEL, Knobs.defaults().with(Map.of("cacheWriteInputShare", 0.5, "cachedInputShare", 0.2)));
            List<LlmRequest> requests = IntStream.range(0, 20).mapToObj(i -> LlmRequest.newBuilder()
                    .setRequestId("cache-write-" + i).setTenantId("cache-writer").setModel(MODEL)
                    .setMessages(List.of(Messages.text("system", "You are a careful assistant. ".repeat(30)),
                            Messages.text("user", "Summarise the rules above in one line, please (" + i + ")."))).build()).toList();
            requests.forEach(producer::send);
            producer.flush();
            Map<String, LlmResult> results = PipelineOutcomes.awaitExactlyOneEach(reader,
                    requests.stream().map(LlmRequest::getRequestId).toList(), Duration.ofSeconds(90));

            long writes = 0;
            for (LlmResult result : results.values()) {
                assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                Attempt attempt = result.getAttempts().getLast();
                assertThat(attempt.getCacheWriteInputTokens()).isPositive();
                long plain = attempt.getInputTokens() - attempt.getCachedInputTokens() - attempt.getCacheWriteInputTokens();
                long expected = plain * INPUT + attempt.getCachedInputTokens() * CACHED_INPUT
                        + attempt.getCacheWriteInputTokens() * CACHE_WRITE + attempt.getOutputTokens() * OUTPUT;
                assertThat(attempt.getCostNanoUsd()).as(result.getRequestId()).isEqualTo(expected);
                assertThat(result.getCostNanoUsd()).isEqualTo(expected);
                assertThat(result.getCacheWriteInputTokens()).isEqualTo(attempt.getCacheWriteInputTokens());
                writes += attempt.getCacheWriteInputTokens();
            }
            PipelineOutcomes.assertTenantTotals(stack, results.values(), Duration.ofSeconds(60));

            long expectedWrites = writes;
            try (TopicReader<String, CostAggregate> costs = new TopicReader<>(stack.kafka, stack.topics.costs, true)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long counted = -1;
                while (counted != expectedWrites && System.nanoTime() < deadline) {
                    for (TopicReader.Entry<String, CostAggregate> entry : costs.poll(Duration.ofMillis(300))) {
                        CostAggregate a = entry.value();
                        if (a.getTenantId().equals("cache-writer") && a.getWindow() == CostWindow.MONTH && a.getUserId() == null
                                && MODEL.equals(a.getModel())) {
                            counted = a.getCacheWriteInputTokens();
                        }
                    }
                }
                assertThat(counted).as("cache-write tokens in the month's aggregate of the model").isEqualTo(expectedWrites);
            }
        }
    }
}
