package dev.switchyard.executor.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderKind;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.executor.adapter.Completion;
import dev.switchyard.executor.adapter.CompletionCall;
import dev.switchyard.executor.adapter.ProviderAdapter;
import dev.switchyard.executor.adapter.ProviderCallException;
import dev.switchyard.executor.health.ModelHealthRegistry;
import dev.switchyard.executor.health.ProviderLimits;
import dev.switchyard.executor.metrics.ExecutorMetrics;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Routing;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** One attempt from work item to the records it writes, with a scripted provider. */
class AttemptRunnerTest {

    private final Topics topics = Topics.defaults();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger calls = new AtomicInteger();

    private AttemptRunner runner(ProviderLimits limits) {
        return new AttemptRunner(CatalogLoader::defaultCatalog, topics, Clock.systemUTC(),
                new ModelHealthRegistry(ModelHealthRegistry.BreakerOptions.defaults(), health -> { }), limits, new ExecutorMetrics(meters),
                "cancelled-batch"::equals);
    }

    private static ProviderLimits unlimited() {
        return ProviderLimits.unenforced(new ProviderSpec("openai", ProviderKind.OPENAI_COMPATIBLE, "http://x", null, 1, 1));
    }

    private static WorkItem work(String id) {
        LlmRequest request = LlmRequest.newBuilder().setRequestId(id).setTenantId("acme").setMaxOutputTokens(50)
                .setMessages(List.of(Messages.text("user", "hello"))).build();
        Routing routing = Routing.newBuilder().setStrategy(Strategy.COST).setTaskType("chat")
                .setComplexity(dev.switchyard.schema.Complexity.SIMPLE).setReason("test").setEstimatedCostNanoUsd(1).build();
        return WorkItem.newBuilder().setRequest(request).setRouting(routing).setProvider("openai").setModel("gpt-4o-mini")
                .setAttempt(1).setRoutedAtMs(Instant.now()).build();
    }

    private ProviderAdapter answering() {
        return adapter(call -> new Completion("hi there", 10, 4, 20));
    }

    private ProviderAdapter adapter(Script script) {
        return new ProviderAdapter() {
            @Override
            public Completion complete(CompletionCall call) throws ProviderCallException {
                calls.incrementAndGet();
                return script.answer(call);
            }

            @Override
            public void close() {
            }
        };
    }

    private interface Script {
        Completion answer(CompletionCall call) throws ProviderCallException;
    }

    @Test
    void aSuccessWritesItsUsageAndItsResultPricedFromTheCatalog() {
        List<ProducerRecord<byte[], byte[]>> records = runner(unlimited()).run(work("r1"), answering());
        assertThat(records).extracting(ProducerRecord::topic).containsExactly("llm.usage", "llm.results");
        UsageEvent usage = topics.usage.valueSerde().deserializer().deserialize("llm.usage", records.get(0).value());
        LlmResult result = topics.results.valueSerde().deserializer().deserialize("llm.results", records.get(1).value());
        // gpt-4o-mini: 6 uncached x 0.15 + 4 cached x 0.075 + 20 x 0.60 = 13.2 USD/M = 13,200 nano-USD.
        assertThat(usage.getUsageId()).isEqualTo("r1#1");
        assertThat(usage.getCostNanoUsd()).isEqualTo(13_200L);
        assertThat(result.getCostNanoUsd()).isEqualTo(13_200L);
        assertThat(result.getContent()).isEqualTo("hi there");
        assertThat(meters.get("switchyard.executor.calls").tag("outcome", "ok").timer().count()).isEqualTo(1);
    }

    @Test
    void anAnthropicAttemptWithPromptCacheWritesCarriesThemAndIsPricedAsInvoiced() {
        WorkItem item = work("c1");
        item.setProvider("anthropic");
        item.setModel("claude-sonnet-4-5");
        // 49,999 input tokens in all: 40,000 read from the cache, 8,765 written to it, 1,234 plain.
        List<ProducerRecord<byte[], byte[]>> records = runner(unlimited())
                .run(item, adapter(call -> new Completion("cached answer", 49_999, 40_000, 517, 8_765)));
        assertThat(records).extracting(ProducerRecord::topic).containsExactly("llm.usage", "llm.results");
        UsageEvent usage = topics.usage.valueSerde().deserializer().deserialize("llm.usage", records.get(0).value());
        LlmResult result = topics.results.valueSerde().deserializer().deserialize("llm.results", records.get(1).value());
        // 1,234 x 3 + 40,000 x 0.30 + 8,765 x 3.75 + 517 x 15 = 56,325.75 USD/M.
        assertThat(usage.getCostNanoUsd()).isEqualTo(56_325_750L);
        assertThat(usage.getInputTokens()).isEqualTo(49_999);
        assertThat(usage.getCachedInputTokens()).isEqualTo(40_000);
        assertThat(usage.getCacheWriteInputTokens()).isEqualTo(8_765);
        assertThat(result.getCostNanoUsd()).isEqualTo(56_325_750L);
        assertThat(result.getCacheWriteInputTokens()).isEqualTo(8_765);
        assertThat(result.getAttempts().getFirst().getCacheWriteInputTokens()).isEqualTo(8_765);
        assertThat(result.getAttempts().getFirst().getCostNanoUsd()).isEqualTo(56_325_750L);
    }

    @Test
    void workWhoseDeadlinePassedWhileQueuedEndsExpiredWithoutACall() {
        WorkItem late = work("late");
        late.getRequest().setDeadlineMs(Instant.now().minusSeconds(1));
        List<ProducerRecord<byte[], byte[]>> records = runner(unlimited()).run(late, answering());
        assertThat(records).extracting(ProducerRecord::topic).containsExactly("llm.results");
        LlmResult result = topics.results.valueSerde().deserializer().deserialize("llm.results", records.getFirst().value());
        assertThat(result.getStatus()).isEqualTo(dev.switchyard.schema.ResultStatus.EXPIRED);
        assertThat(result.getError().getCode()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(calls.get()).isZero();
    }

    @Test
    void workOfACancelledBatchEndsRejectedWithoutACall() {
        WorkItem queued = work("b-7");
        queued.getRequest().setBatchId("cancelled-batch");
        queued.getRequest().setBatchSize(10);
        List<ProducerRecord<byte[], byte[]>> records = runner(unlimited()).run(queued, answering());
        assertThat(records).extracting(ProducerRecord::topic).containsExactly("llm.results");
        LlmResult result = topics.results.valueSerde().deserializer().deserialize("llm.results", records.getFirst().value());
        assertThat(result.getStatus()).isEqualTo(dev.switchyard.schema.ResultStatus.REJECTED);
        assertThat(result.getError().getCode()).isEqualTo("BATCH_CANCELLED");
        assertThat(result.getBatchId()).isEqualTo("cancelled-batch");
        assertThat(calls.get()).isZero();
    }

    @Test
    void aModelWithItsBoundOfCallsInFlightFailsTheNextAttemptAsRateLimitedWithoutACall() throws Exception {
        ProviderLimits oneAtATime = unlimited().withMaxInFlightPerModel(1);
        AttemptRunner runner = runner(oneAtATime);
        java.util.concurrent.CountDownLatch inCall = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ProviderAdapter slow = adapter(call -> {
            inCall.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Completion("done", 10, 0, 5);
        });
        Thread first = Thread.ofVirtual().start(() -> runner.run(work("r1"), slow));
        inCall.await();

        List<ProducerRecord<byte[], byte[]>> refused = runner.run(work("r2"), answering());
        AttemptFailed failed = topics.failedAttempts.valueSerde().deserializer().deserialize("llm.attempts.failed",
                refused.getFirst().value());
        assertThat(failed.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED.wireName());
        release.countDown();
        first.join();
        assertThat(runner.run(work("r3"), answering())).extracting(ProducerRecord::topic).contains("llm.results");
        assertThat(calls.get()).as("r1 and r3 were called, r2 was not").isEqualTo(2);
    }

    @Test
    void whenThisInstancesShareOfTheLimitIsUsedUpTheAttemptFailsWithoutACall() {
        // 1 request/minute over an hour's period: 60 requests, and 60 tokens, for the whole test.
        ProviderLimits tight = new ProviderLimits(new ProviderSpec("openai", ProviderKind.OPENAI_COMPATIBLE, "http://x", null, 1, 1),
                Duration.ofHours(1), Duration.ZERO);
        AttemptRunner runner = runner(tight);
        assertThat(runner.run(work("r1"), answering())).extracting(ProducerRecord::topic).contains("llm.results");
        List<ProducerRecord<byte[], byte[]>> refused = runner.run(work("r2"), answering());
        AttemptFailed failed = topics.failedAttempts.valueSerde().deserializer().deserialize("llm.attempts.failed",
                refused.getFirst().value());
        assertThat(failed.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED.wireName());
        assertThat(failed.getRetryAfterMs()).isEqualTo(1_000L);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(meters.get("switchyard.executor.rate.limited").counter().count()).isEqualTo(1);
    }

    @Test
    void aLongRetryAfterPausesTheModelSoTheNextAttemptFailsAtOnceWithoutACall() {
        AttemptRunner runner = runner(unlimited());
        ProviderAdapter limited = adapter(call -> {
            throw new ProviderCallException(AttemptOutcome.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(30), null);
        });
        runner.run(work("r1"), limited);
        List<ProducerRecord<byte[], byte[]>> second = runner.run(work("r2"), limited);
        AttemptFailed failed = topics.failedAttempts.valueSerde().deserializer().deserialize("llm.attempts.failed",
                second.getFirst().value());
        assertThat(failed.getMessage()).contains("paused by a rate limit");
        assertThat(failed.getRetryAfterMs()).isBetween(25_000L, 30_000L);
        assertThat(calls.get()).as("the paused model was not called again").isEqualTo(1);
    }
}
