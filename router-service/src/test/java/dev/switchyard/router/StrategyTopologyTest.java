package dev.switchyard.router;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.feedback.FeedbackKey;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.FeedbackCounts;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every strategy through the whole router topology, with the one-line reason it gives. */
class StrategyTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;

    @BeforeEach
    void start() {
        driver = RouterTestDriver.create(topics, NOW);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "QUALITY    | claude-opus-4-1   | highest code quality",
            "COST       | mistral-small-3-2 | cheapest with code quality >= 0.55 (SIMPLE)",
            "LATENCY    | codestral         | lowest observed latency",
            "BALANCED   | codestral         | best balance of quality 0.50, cost 0.30, latency 0.20",
            "PREFERENCE | codestral         | best observed success and judged sufficiency for user ada"})
    void routesByTheRequestsStrategy(Strategy strategy, String model, String reason) {
        input(driver, topics.requests).pipeInput("s", LlmRequest.newBuilder().setRequestId("s").setTenantId("acme").setUserId("ada")
                .setStrategy(strategy).setMaxOutputTokens(200)
                .setMessages(List.of(Messages.text("user", "Write a Python function that reverses a string."))).build());
        WorkItem work = RouterTestDriver.nextWork(driver, topics);
        assertThat(work.getRouting().getTaskType()).isEqualTo("code");
        assertThat(work.getModel()).isEqualTo(model);
        assertThat(work.getRouting().getReason()).startsWith(model + ": " + reason + "; classified code, ");
    }

    /**
     * The tenant core counts each settled result and publishes the count; a PREFERENCE request of
     * a tenant without budgets, routed where it lands, ranks by the published counts: the user's,
     * or the tenant's before the user has any.
     */
    @Test
    void preferenceRanksByTheOutcomesTheTenantCorePublishes() {
        TestInputTopic<String, LlmResult> results = input(driver, topics.results);
        for (int i = 0; i < 3; i++) {
            results.pipeInput("won-" + i, result("won-" + i, "claude-opus-4-1", ResultStatus.SUCCEEDED));
            results.pipeInput("lost-" + i, result("lost-" + i, "codestral", ResultStatus.FAILED));
        }
        Map<String, ModelOutcomes> published = output(driver, topics.modelOutcomes).readKeyValuesToMap();
        assertThat(published).containsEntry("acme\u0000ada\u0000claude-opus-4-1", new ModelOutcomes(3L, 3L))
                .containsEntry("acme\u0000\u0000claude-opus-4-1", new ModelOutcomes(3L, 3L))
                .containsEntry("acme\u0000ada\u0000codestral", new ModelOutcomes(0L, 3L))
                .hasSize(4);

        for (String user : List.of("ada", "bob")) {
            input(driver, topics.requests).pipeInput("p-" + user, LlmRequest.newBuilder().setRequestId("p-" + user)
                    .setTenantId("acme").setUserId(user).setStrategy(Strategy.PREFERENCE).setMaxOutputTokens(200)
                    .setMessages(List.of(Messages.text("user", "Write a Python function that reverses a string."))).build());
            WorkItem work = RouterTestDriver.nextWork(driver, topics);
            assertThat(work.getModel()).isEqualTo("claude-opus-4-1");
            assertThat(work.getRouting().getReason()).startsWith("claude-opus-4-1: best observed success and judged sufficiency for user " + user + "; classified");
        }
    }

    /** What the cost service counts of a tenant's judgements reaches every router task, and BALANCED and PREFERENCE move with it. */
    @Test
    void balancedAndPreferenceFollowTheJudgementsTheCostServiceCounts() {
        TestInputTopic<String, FeedbackCounts> judged = input(driver, topics.feedbackCounts);
        judged.pipeInput(FeedbackKey.of("acme", "code", Complexity.SIMPLE, "codestral"), new FeedbackCounts(2L, 80L));
        judged.pipeInput(FeedbackKey.of("globex", "code", Complexity.SIMPLE, "claude-opus-4-1"), new FeedbackCounts(0L, 80L));
        for (Strategy strategy : List.of(Strategy.BALANCED, Strategy.PREFERENCE)) {
            input(driver, topics.requests).pipeInput("j-" + strategy, LlmRequest.newBuilder().setRequestId("j-" + strategy)
                    .setTenantId("acme").setUserId("ada").setStrategy(strategy).setMaxOutputTokens(200)
                    .setMessages(List.of(Messages.text("user", "Write a Python function that reverses a string."))).build());
            assertThat(RouterTestDriver.nextWork(driver, topics).getModel())
                    .as("%s: acme judged codestral's simple code answers insufficient", strategy).isNotEqualTo("codestral");
        }
        input(driver, topics.requests).pipeInput("j-globex", LlmRequest.newBuilder().setRequestId("j-globex")
                .setTenantId("globex").setStrategy(Strategy.BALANCED).setMaxOutputTokens(200)
                .setMessages(List.of(Messages.text("user", "Write a Python function that reverses a string."))).build());
        assertThat(RouterTestDriver.nextWork(driver, topics).getModel()).as("another tenant's judgements are its own").isEqualTo("codestral");
    }

    private static LlmResult result(String requestId, String model, ResultStatus status) {
        return LlmResult.newBuilder().setRequestId(requestId).setTenantId("acme").setUserId("ada").setModel(model)
                .setStatus(status).setCostNanoUsd(0).setCreatedAtMs(NOW).setCompletedAtMs(NOW).build();
    }
}
