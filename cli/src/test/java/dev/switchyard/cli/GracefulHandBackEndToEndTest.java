package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.sim.Knobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An executor shut down gracefully with calls in flight: it finishes them and writes their
 * outcomes, and hands back the work it had not started (uncommitted, so its successor takes it).
 * Unlike a crash, not one provider call is repeated.
 */
class GracefulHandBackEndToEndTest {

    private static final int REQUESTS = 300;

    @Test
    void aStoppingExecutorFinishesItsCallsAndHandsBackTheRestWithoutARepeatedCall() throws Exception {
        try (InProcessStack stack = new InProcessStack()) {
            stack.startRouter("router-1");
            stack.sim.knobs().reset(Knobs.defaults().with(Map.of("latencyMs", 1_500, "jitterMs", 300)));
            // A small in-flight bound, so that most of the work is still queued, not started, at the stop.
            ConfigurableApplicationContext first = stack.startExecutor("--switchyard.executor.max-in-flight=40");

            List<TopicReader.Entry<String, LlmResult>> results = new ArrayList<>();
            try (TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, false);
                 RequestProducer producer = new RequestProducer(stack.kafka)) {
                IntStream.range(0, REQUESTS).mapToObj(i -> LlmRequest.newBuilder().setRequestId("grace-" + i).setTenantId("calm")
                        .setModel("gpt-4o-mini").setMaxOutputTokens(30)
                        .setMessages(List.of(Messages.text("user", "Say something calm (" + i + ")."))).build())
                        .forEach(producer::send);
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (stack.sim.knobs().calls("gpt-4o-mini") < 50 && System.nanoTime() < deadline) {
                    results.addAll(reader.poll(Duration.ofMillis(50)));
                }
                long callsAtStop = stack.sim.knobs().calls("gpt-4o-mini");
                long started = System.nanoTime();
                first.close();
                Duration shutdown = Duration.ofNanos(System.nanoTime() - started);
                LoggerFactory.getLogger(getClass()).info("graceful shutdown with {} calls started took {} ms", callsAtStop,
                        shutdown.toMillis());
                assertThat(callsAtStop).as("calls were in flight when it stopped").isPositive();
                assertThat(stack.sim.knobs().calls("gpt-4o-mini")).as("the queued work was handed back, not started").isLessThan(REQUESTS);

                stack.startExecutor();
                deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (results.stream().map(TopicReader.Entry::key).distinct().count() < REQUESTS && System.nanoTime() < deadline) {
                    results.addAll(reader.poll(Duration.ofMillis(200)));
                }
                results.addAll(reader.readToEnd(Duration.ofSeconds(2)));
            }

            Map<String, Long> perRequest = results.stream().collect(Collectors.groupingBy(TopicReader.Entry::key, Collectors.counting()));
            assertThat(perRequest).hasSize(REQUESTS);
            assertThat(perRequest.values()).as("exactly one terminal result per request").allMatch(count -> count == 1);
            assertThat(results).allSatisfy(r -> assertThat(r.value().getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(stack.sim.knobs().calls("gpt-4o-mini")).as("no call repeated: finished or handed back, never redone")
                    .isEqualTo(REQUESTS);
        }
    }
}
