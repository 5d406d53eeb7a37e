package dev.switchyard.router;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fallback decisions on failed attempts, with the delays on the driver's wall clock. */
class FallbackTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, LlmRequest> requests;
    private TestInputTopic<String, AttemptFailed> failures;
    private TestOutputTopic<String, LlmResult> results;

    @BeforeEach
    void start() {
        driver = RouterTestDriver.create(topics, NOW);
        requests = input(driver, topics.requests);
        failures = input(driver, topics.failedAttempts);
        results = output(driver, topics.results);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private WorkItem firstAttempt(LlmRequest.Builder request) {
        requests.pipeInput(request.build().getRequestId(), request.build());
        return nextWork();
    }

    private static LlmRequest.Builder request(String id) {
        return LlmRequest.newBuilder().setRequestId(id).setTenantId("acme").setMaxOutputTokens(50)
                .setMessages(List.of(Messages.text("user", "Tell me a fact about octopuses.")));
    }

    private void fail(WorkItem work, String outcome, Long retryAfterMs) {
        failures.pipeInput(work.getRequest().getRequestId(), RouterTestDriver.failed(work, outcome, retryAfterMs, NOW));
    }

    @Test
    void aTransientFailureRetriesTheSameModelAfterABackoffThenMovesOn() {
        WorkItem first = firstAttempt(request("f1"));
        fail(first, "server_error", null);
        assertThat(RouterTestDriver.nextWork(driver, topics)).as("the retry waits for its backoff").isNull();

        driver.advanceWallClockTime(Duration.ofMillis(300));
        WorkItem retry = nextWork();
        assertThat(retry.getModel()).isEqualTo(first.getModel());
        assertThat(retry.getAttempt()).isEqualTo(2);
        assertThat(retry.getPreviousAttempts()).hasSize(1);

        fail(retry, "server_error", null);
        WorkItem next = nextWork();
        assertThat(next.getModel()).as("a second failure moves on at once").isEqualTo(first.getRouting().getFallbackChain().getFirst());
        assertThat(next.getAttempt()).isEqualTo(3);
    }

    @Test
    void aRetryDelayedAfterEarlierOnesWentOutGoesOutWhenDueToo() {
        fail(firstAttempt(request("f5")), "server_error", null);
        driver.advanceWallClockTime(Duration.ofMillis(300));
        assertThat(nextWork().getRequest().getRequestId()).isEqualTo("f5");

        // No retry waits now; the next one must be checked for again.
        fail(firstAttempt(request("f6")), "server_error", null);
        assertThat(RouterTestDriver.nextWork(driver, topics)).isNull();
        driver.advanceWallClockTime(Duration.ofMillis(300));
        WorkItem retry = nextWork();
        assertThat(retry.getRequest().getRequestId()).isEqualTo("f6");
        assertThat(retry.getAttempt()).isEqualTo(2);
    }

    @Test
    void honoursRetryAfter() {
        WorkItem first = firstAttempt(request("f2"));
        fail(first, "rate_limited", 2_000L);
        driver.advanceWallClockTime(Duration.ofMillis(1_500));
        assertThat(RouterTestDriver.nextWork(driver, topics)).isNull();
        driver.advanceWallClockTime(Duration.ofMillis(600));
        assertThat(nextWork().getAttempt()).isEqualTo(2);
    }

    @Test
    void aRetryAfterBeyondMaxBackoffIsCappedToItAndRetriesTheSameModel() {
        WorkItem first = firstAttempt(request("f7"));
        fail(first, "rate_limited", 60_000L);
        driver.advanceWallClockTime(Duration.ofMillis(9_900));
        assertThat(RouterTestDriver.nextWork(driver, topics)).as("the capped wait is max-backoff, 10 s").isNull();
        driver.advanceWallClockTime(Duration.ofMillis(200));
        WorkItem retry = nextWork();
        assertThat(retry.getModel()).as("the same model, after at most max-backoff").isEqualTo(first.getModel());
        assertThat(retry.getAttempt()).isEqualTo(2);
    }

    @Test
    void aPinnedRequestThatAllowsFallbackMovesToTheModelsItsStrategyWouldPick() {
        WorkItem pinned = firstAttempt(request("p1").setModel("claude-haiku-4-5").setRequiredCapabilities(List.of("vision")));
        assertThat(pinned.getModel()).isEqualTo("claude-haiku-4-5");
        List<String> chain = pinned.getRouting().getFallbackChain();
        assertThat(chain).as("up to max-fallbacks others").hasSize(3).doesNotContain("claude-haiku-4-5");
        assertThat(chain).allSatisfy(id -> assertThat(CatalogLoader.defaultCatalog().model(id).orElseThrow().capabilities())
                .as("the same capabilities").contains("vision"));

        fail(pinned, "auth", null);
        WorkItem moved = nextWork();
        assertThat(moved.getModel()).isEqualTo(chain.getFirst());
        assertThat(moved.getAttempt()).isEqualTo(2);
    }

    @Test
    void aPinnedRequestWithoutFallbackNeverMoves() {
        WorkItem pinned = firstAttempt(request("p2").setModel("claude-haiku-4-5").setAllowFallback(false));
        assertThat(pinned.getRouting().getFallbackChain()).isEmpty();
        fail(pinned, "server_error", null);
        driver.advanceWallClockTime(Duration.ofMillis(300));
        WorkItem retry = nextWork();
        assertThat(retry.getModel()).as("a retry of the same model is not a move").isEqualTo("claude-haiku-4-5");
        fail(retry, "server_error", null);
        LlmResult failed = results.readValue();
        assertThat(failed.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(failed.getAttempts()).extracting(Attempt::getModel).containsOnly("claude-haiku-4-5");
        assertThat(RouterTestDriver.nextWork(driver, topics)).isNull();
    }

    @Test
    void aContextLengthErrorJumpsToAModelWithALargerWindow() {
        WorkItem first = firstAttempt(request("f3").setModel(null));
        WorkItem onMini = WorkItem.newBuilder(first).setModel("gpt-4o-mini")
                .setRouting(dev.switchyard.schema.Routing.newBuilder(first.getRouting())
                        .setFallbackChain(List.of("gpt-4o", "gpt-4.1-mini")).build())
                .build();
        fail(onMini, "context_length", null);
        WorkItem next = nextWork();
        assertThat(next.getModel()).as("gpt-4o has the same 128k window, so it is skipped").isEqualTo("gpt-4.1-mini");
    }

    @Test
    void endsFailedWithEveryAttemptWhenTheChainRunsOut() {
        WorkItem work = firstAttempt(request("f4").setAllowFallback(false));
        fail(work, "bad_request", null);
        LlmResult failed = results.readValue();
        assertThat(failed.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(failed.getError().getCode()).isEqualTo("ALL_ATTEMPTS_FAILED");
        assertThat(failed.getError().getMessage()).contains("fallback is off");
        assertThat(failed.getAttempts()).extracting(Attempt::getOutcome).containsExactly("bad_request");
    }

    @Test
    void stopsAtMaxAttempts() {
        WorkItem work = firstAttempt(request("f5"));
        for (int attempt = 1; attempt <= 4; attempt++) {
            fail(work, "auth", null);
            if (attempt < 4) {
                work = nextWork();
            }
        }
        LlmResult failed = results.readValue();
        assertThat(failed.getAttempts()).hasSize(4);
        assertThat(failed.getError().getMessage()).contains("at most 4 attempts");
    }

    @Test
    void theCostCapCoversEveryAttempt() {
        // COST picks a cheap first model (mistral-small-3-2: 35 x 0.10 + 50 x 0.30 = 18,500 nano at worst).
        WorkItem work = firstAttempt(request("f6").setStrategy(Strategy.COST).setMaxCostNanoUsd(60_000L));
        // The first attempt was billed 40,000 although it failed; the next worst case no longer fits.
        List<Attempt> attempts = List.of(Attempt.newBuilder().setProvider("openai").setModel(work.getModel())
                .setOutcome("server_error").setLatencyMs(5).setInputTokens(100).setOutputTokens(50).setCostNanoUsd(40_000)
                .setStartedAtMs(NOW).build());
        failures.pipeInput("f6", AttemptFailed.newBuilder()
                .setWork(WorkItem.newBuilder(work).setPreviousAttempts(attempts).build())
                .setOutcome("auth").setMessage("bad key").setFailedAtMs(NOW).build());
        LlmResult failed = results.readValue();
        assertThat(failed.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(failed.getError().getCode()).isEqualTo("MAX_COST_EXCEEDED");
        assertThat(failed.getCostNanoUsd()).isEqualTo(40_000L);
    }

    /** The next attempt, on whichever provider's topic it went to. */
    private WorkItem nextWork() {
        WorkItem work = RouterTestDriver.nextWork(driver, topics);
        assertThat(work).as("a dispatched attempt").isNotNull();
        return work;
    }
}
