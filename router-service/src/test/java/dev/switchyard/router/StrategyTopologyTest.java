package dev.switchyard.router;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
            "PREFERENCE | codestral         | best observed success for user ada"})
    void routesByTheRequestsStrategy(Strategy strategy, String model, String reason) {
        input(driver, topics.requests).pipeInput("s", LlmRequest.newBuilder().setRequestId("s").setTenantId("acme").setUserId("ada")
                .setStrategy(strategy).setMaxOutputTokens(200)
                .setMessages(List.of(new Message("user", "Write a Python function that reverses a string."))).build());
        WorkItem work = RouterTestDriver.nextWork(driver, topics);
        assertThat(work.getRouting().getTaskType()).isEqualTo("code");
        assertThat(work.getModel()).isEqualTo(model);
        assertThat(work.getRouting().getReason()).isEqualTo(model + ": " + reason);
    }
}
