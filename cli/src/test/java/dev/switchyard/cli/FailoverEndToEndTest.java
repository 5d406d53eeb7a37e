package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.core.stats.ModelStatsKey;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.sim.Knobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A model fails every call for a while, on a real broker: its breaker opens, the router stops
 * choosing it and the work falls back to the next model; when it recovers, its breaker closes
 * again. Every requestId gets exactly one terminal result throughout.
 */
class FailoverEndToEndTest {

    private static final String FAILING = "claude-opus-4-1"; // QUALITY's first choice for chat

    @Test
    void breakersOpenTheWorkFallsBackAndTheyCloseAfterRecovery() throws Exception {
        try (InProcessStack stack = new InProcessStack().startServices();
             TopicReader<String, ModelStats> stats = new TopicReader<>(stack.kafka, stack.topics.modelStats, true)) {
            stack.sim.knobs().set(FAILING, Knobs.defaults().with(Map.of("errorRate", 1.0)));

            Collection<LlmResult> outage = send(stack, "outage", 60);
            assertThat(outage).hasSize(60).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(outage).filteredOn(r -> !r.getAttempts().isEmpty() && r.getAttempts().getFirst().getModel().equals(FAILING))
                    .as("the first requests tried the failing model, then fell back").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getModel()).isNotEqualTo(FAILING));
            assertThat(await(stats, CircuitState.OPEN)).as("the breaker opened and said so").isTrue();
            long callsWhileOpen = stack.sim.knobs().calls(FAILING);

            Collection<LlmResult> avoided = send(stack, "avoided", 30);
            assertThat(avoided).allSatisfy(r -> {
                assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(r.getAttempts()).extracting(a -> a.getModel()).doesNotContain(FAILING);
            });
            assertThat(stack.sim.knobs().calls(FAILING)).as("no calls to an open circuit").isEqualTo(callsWhileOpen);

            stack.sim.knobs().reset(Knobs.defaults());
            boolean closed = false;
            for (int round = 0; round < 20 && !closed; round++) {
                send(stack, "recovery-" + round, 5); // half-open probes need traffic
                closed = await(stats, CircuitState.CLOSED);
            }
            assertThat(closed).as("the breaker closed again after recovery").isTrue();
        }
    }

    private static Collection<LlmResult> send(InProcessStack stack, String run, int count) {
        List<LlmRequest> requests = IntStream.range(0, count).mapToObj(i -> LlmRequest.newBuilder()
                .setRequestId(run + "-" + i).setTenantId("acme").setStrategy(Strategy.QUALITY).setMaxOutputTokens(32)
                .setMessages(List.of(Messages.text("user", "Hello there, how are you today? (" + run + " " + i + ")"))).build()).toList();
        Set<String> ids = requests.stream().map(LlmRequest::getRequestId).collect(Collectors.toSet());
        try (ResultCollector collector = new ResultCollector(stack.kafka); RequestProducer producer = new RequestProducer(stack.kafka)) {
            requests.forEach(producer::send);
            producer.flush();
            Map<String, ResultCollector.Received> results = collector.await(ids, Duration.ofSeconds(90), (r, n) -> { });
            assertThat(results.keySet()).isEqualTo(ids);
            List<LlmResult> all = new ArrayList<>();
            results.values().forEach(r -> all.add(r.result()));
            return all;
        }
    }

    /** Whether the failing model's latest published state becomes {@code state} within a few seconds. */
    private static boolean await(TopicReader<String, ModelStats> stats, CircuitState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < deadline) {
            for (TopicReader.Entry<String, ModelStats> entry : stats.poll(Duration.ofMillis(200))) {
                if (ModelStatsKey.model(entry.key()).equals(FAILING) && entry.value() != null && entry.value().getCircuit() == state) {
                    return true;
                }
            }
        }
        return false;
    }
}
