package dev.switchyard.cost;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;
import static dev.switchyard.core.testing.TopologyTopics.rawInput;
import static dev.switchyard.cost.CostDriver.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.feedback.FeedbackKey;
import dev.switchyard.cost.feedback.IgnoredFeedback;
import dev.switchyard.cost.retention.Retention;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.Feedback;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Routing;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.FeedbackCounts;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feedback counted per tenant, task type, complexity and model, on the cost topology. */
class FeedbackTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private static final String DETAIL = FeedbackKey.of("acme", "code", Complexity.COMPLEX, "gpt-4o-mini");
    private static final String TENANT = FeedbackKey.ofTenant("acme", Complexity.COMPLEX);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CostDriver cost;
    private TestInputTopic<String, Feedback> feedback;
    private TestOutputTopic<String, FeedbackCounts> counts;

    @BeforeEach
    void buildTopology() {
        Metrics.addRegistry(meters);
        cost = new CostDriver(CostOptions.defaults().unbuffered(), T0);
        feedback = input(cost.driver, cost.topics.feedback);
        counts = output(cost.driver, cost.topics.feedbackCounts);
    }

    @AfterEach
    void close() {
        cost.close();
        Metrics.removeRegistry(meters);
    }

    @Test
    void aJudgementCountsUnderItsAnswersTenantTaskComplexityAndModelAndASecondOneReplacesIt() {
        cost.send(answered("r1", "acme"));
        cost.send(answered("r2", "acme"));
        feedback.pipeInput("r1", judgement("r1", "acme", 0.2, null));
        feedback.pipeInput("r2", judgement("r2", "acme", 0.9, null));
        assertThat(latest()).containsEntry(DETAIL, new FeedbackCounts(1L, 2L)).containsEntry(TENANT, new FeedbackCounts(1L, 2L));

        feedback.pipeInput("r1", judgement("r1", "acme", 0.4, true)); // the user changed their mind: sufficient after all
        assertThat(latest()).as("replaced, not added").containsEntry(DETAIL, new FeedbackCounts(2L, 2L));
        feedback.pipeInput("r1", judgement("r1", "acme", 0.9, true));
        assertThat(counts.isEmpty()).as("the same verdict again changes nothing").isTrue();
    }

    @Test
    void judgementsOfUnknownRequestsOfAnotherTenantOrOutOfRangeAreIgnoredAndCounted() {
        cost.send(answered("r1", "acme"));
        cost.send(result("failed", ResultStatus.FAILED, "gpt-4o-mini", T0).setRouting(routing()).build());
        feedback.pipeInput("nobody", judgement("nobody", "acme", 0.1, false));
        feedback.pipeInput("failed", judgement("failed", "acme", 0.1, false));
        feedback.pipeInput("r1", judgement("r1", "globex", 0.0, false));
        feedback.pipeInput("r1", judgement("r1", "acme", 1.5, null));

        assertThat(counts.isEmpty()).as("nothing applied").isTrue();
        assertThat(ignored(IgnoredFeedback.Reason.UNKNOWN_REQUEST)).isEqualTo(2);
        assertThat(ignored(IgnoredFeedback.Reason.OTHER_TENANT)).isEqualTo(1);
        assertThat(ignored(IgnoredFeedback.Reason.INVALID)).isEqualTo(1);
    }

    @Test
    void jsonFeedbackOfAnyKeyMeetsItsAnswerAndUnreadableFeedbackGoesToTheDeadLetters() {
        cost.send(answered("r1", "acme"));
        Headers json = new RecordHeaders().add("Content-Type", "application/json".getBytes(StandardCharsets.UTF_8));
        TestInputTopic<byte[], byte[]> raw = rawInput(cost.driver, cost.topics.feedback);
        raw.pipeInput(new TestRecord<>(null, """
                {"requestId": "r1", "tenantId": "acme", "score": 0.1, "sufficient": false, "comment": "wrong API", "atMs": 1763726400000}
                """.getBytes(StandardCharsets.UTF_8), json, T0));
        assertThat(latest()).containsEntry(DETAIL, new FeedbackCounts(0L, 1L));

        raw.pipeInput(new TestRecord<>("r1".getBytes(StandardCharsets.UTF_8), "{\"requestId\": \"r1\", \"score\": \"bad\"}"
                .getBytes(StandardCharsets.UTF_8), json, T0));
        assertThat(output(cost.driver, cost.topics.deadLetters).readValuesToList()).hasSize(1);
    }

    @Test
    void anAnswerPastItsRetentionCanNoLongerBeJudged() {
        cost.close();
        Retention days = new Retention(Duration.ofDays(32), Duration.ofDays(400), Duration.ofDays(1830), Duration.ofDays(30),
                Duration.ofDays(2), Duration.ofMinutes(1), 100);
        cost = new CostDriver(CostOptions.defaults().unbuffered().keeping(days), T0);
        feedback = input(cost.driver, cost.topics.feedback);
        counts = output(cost.driver, cost.topics.feedbackCounts);
        cost.send(answered("old", "acme"));
        cost.send(result("young", ResultStatus.SUCCEEDED, "gpt-4o-mini", T0).setCompletedAtMs(T0.plus(Duration.ofDays(2)))
                .setRouting(routing()).build());
        cost.driver.advanceWallClockTime(Duration.ofDays(3));
        feedback.pipeInput("young", judgement("young", "acme", 0.9, null));
        feedback.pipeInput("old", judgement("old", "acme", 0.1, null));

        assertThat(latest()).containsEntry(DETAIL, new FeedbackCounts(1L, 1L));
        assertThat(ignored(IgnoredFeedback.Reason.UNKNOWN_REQUEST)).as("the answer of three days ago was swept").isEqualTo(1);
    }

    private Map<String, FeedbackCounts> latest() {
        return counts.readKeyValuesToMap();
    }

    private double ignored(IgnoredFeedback.Reason reason) {
        return meters.counter(IgnoredFeedback.METER, "reason", reason.tag()).count();
    }

    private static dev.switchyard.schema.LlmResult answered(String requestId, String tenant) {
        return result(requestId, ResultStatus.SUCCEEDED, "gpt-4o-mini", T0).setTenantId(tenant).setRouting(routing()).build();
    }

    private static Routing routing() {
        return Routing.newBuilder().setStrategy(Strategy.COST).setTaskType("code").setComplexity(Complexity.COMPLEX)
                .setReason("test").setEstimatedCostNanoUsd(1).build();
    }

    private static Feedback judgement(String requestId, String tenant, double score, Boolean sufficient) {
        return Feedback.newBuilder().setRequestId(requestId).setTenantId(tenant).setScore(score).setSufficient(sufficient)
                .setAtMs(T0.plusSeconds(60)).build();
    }
}
