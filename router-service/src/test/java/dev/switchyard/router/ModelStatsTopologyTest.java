package dev.switchyard.router;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.rawInput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.stats.ModelStatsKey;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several executor instances report the same model, each under its own key: the router combines
 * them, so one instance's closed breaker never hides another's open one, whichever wrote last; a
 * report its instance stopped refreshing, or deleted on shutdown, no longer counts.
 */
class ModelStatsTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String OPUS = "claude-opus-4-1"; // QUALITY's first choice for this prompt
    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ModelStats> stats;
    private int requests;

    @BeforeEach
    void buildTopology() {
        driver = RouterTestDriver.create(topics, NOW);
        stats = input(driver, topics.modelStats);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aModelIsAvoidedWhileAnyInstanceHasItsCircuitOpenWhicheverWroteLast() {
        report("executor-a", CircuitState.CLOSED, NOW);
        report("executor-b", CircuitState.OPEN, NOW);
        assertThat(routedModel()).as("the open one wrote last").isNotEqualTo(OPUS);

        report("executor-a", CircuitState.CLOSED, NOW);
        assertThat(routedModel()).as("the closed one wrote last: it does not hide the open one").isNotEqualTo(OPUS);

        report("executor-b", CircuitState.CLOSED, NOW);
        assertThat(routedModel()).as("both closed").isEqualTo(OPUS);
    }

    @Test
    void aReportOlderThanTheStalenessBoundIsIgnored() {
        report("executor-a", CircuitState.CLOSED, NOW);
        report("executor-b", CircuitState.OPEN, NOW);
        assertThat(routedModel()).isNotEqualTo(OPUS);

        driver.advanceWallClockTime(Duration.ofSeconds(29));
        report("executor-a", CircuitState.CLOSED, NOW.plusSeconds(29));
        assertThat(routedModel()).as("b's report is 29 s old: still fresh").isNotEqualTo(OPUS);

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(routedModel()).as("b stopped reporting 31 s ago: gone, its open breaker with it").isEqualTo(OPUS);

        report("executor-b", CircuitState.OPEN, NOW.plusSeconds(26));
        assertThat(routedModel()).as("b reports again, 5 s ago").isNotEqualTo(OPUS);
    }

    @Test
    void anInstanceThatDeletesItsKeyNoLongerCounts() {
        report("executor-a", CircuitState.CLOSED, NOW);
        report("executor-b", CircuitState.OPEN, NOW);
        assertThat(routedModel()).isNotEqualTo(OPUS);

        rawInput(driver, topics.modelStats).pipeInput(ModelStatsKey.of(OPUS, "executor-b").getBytes(StandardCharsets.UTF_8), (byte[]) null);
        assertThat(routedModel()).as("b shut down and deleted its key").isEqualTo(OPUS);
    }

    @Test
    void aKeyWithoutAnInstanceIsOneInstanceAmongTheOthers() {
        stats.pipeInput(OPUS, stats(CircuitState.OPEN, NOW)); // as executors wrote before instances had keys of their own
        report("executor-a", CircuitState.CLOSED, NOW);
        assertThat(routedModel()).isNotEqualTo(OPUS);

        stats.pipeInput(OPUS, stats(CircuitState.CLOSED, NOW));
        assertThat(routedModel()).isEqualTo(OPUS);
    }

    private void report(String instance, CircuitState circuit, Instant at) {
        stats.pipeInput(ModelStatsKey.of(OPUS, instance), stats(circuit, at));
    }

    private static ModelStats stats(CircuitState circuit, Instant at) {
        return ModelStats.newBuilder().setModel(OPUS).setProvider("anthropic").setCircuit(circuit).setLatencyMs(900)
                .setSuccessRate(circuit == CircuitState.OPEN ? 0.1 : 1.0).setSamples(40).setUpdatedAtMs(at).build();
    }

    private String routedModel() {
        String id = "stats-" + requests++;
        input(driver, topics.requests).pipeInput(id, LlmRequest.newBuilder().setRequestId(id).setTenantId("stats-tenant")
                .setStrategy(Strategy.QUALITY)
                .setMessages(List.of(Messages.text("user", "Summarize the plot of Hamlet in one line."))).build());
        return RouterTestDriver.nextWork(driver, topics).getModel();
    }
}
