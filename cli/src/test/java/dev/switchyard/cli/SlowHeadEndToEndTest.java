package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.sim.Knobs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Outcomes are written in offset order, so a slow call at the head of a partition holds back the
 * outcomes of every call behind it. Those finished calls must not hold the executor's call room:
 * with one slow call at the head of every partition, fast calls behind them keep being made, up
 * to the bound of held records, not stopped at the bound of calls in flight.
 */
class SlowHeadEndToEndTest {

    private static final String SLOW = "gpt-4o-mini";
    private static final String FAST = "gpt-4.1-nano";
    private static final int MAX_IN_FLIGHT = 12;
    private static final int FAST_REQUESTS = 100;

    @Test
    void finishedCallsBehindASlowOneDoNotTakeTheRoomOfNewCalls() throws Exception {
        try (InProcessStack stack = new InProcessStack()) {
            stack.sim.knobs().set(SLOW, Knobs.defaults().with(Map.of("latencyMs", 5_000)));
            stack.sim.knobs().set(FAST, Knobs.defaults().with(Map.of("latencyMs", 20)));
            stack.startRouter("router-1");
            // Held records: three times the calls, by default.
            stack.startExecutor("--switchyard.executor.max-in-flight=" + MAX_IN_FLIGHT);

            List<String> ids = new ArrayList<>();
            try (TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, false);
                 RequestProducer producer = new RequestProducer(stack.kafka)) {
                for (String id : oneKeyPerWorkPartition()) {
                    producer.send(request(id, SLOW));
                    ids.add(id);
                }
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (stack.sim.knobs().calls(SLOW) < InProcessStack.PARTITIONS && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long slowStarted = System.nanoTime();
                for (int i = 0; i < FAST_REQUESTS; i++) {
                    producer.send(request("fast-" + i, FAST));
                    ids.add("fast-" + i);
                }
                producer.flush();

                // Well before the slow calls end (5 s), the fast calls behind them have gone on.
                while (System.nanoTime() - slowStarted < Duration.ofMillis(3_500).toNanos()) {
                    Thread.sleep(50);
                }
                assertThat(stack.sim.knobs().calls(SLOW)).as("the slow calls are still running").isEqualTo(InProcessStack.PARTITIONS);
                assertThat(stack.sim.knobs().calls(FAST))
                        .as("fast calls made while every partition's head was slow (the call bound alone would stop at %d)",
                                MAX_IN_FLIGHT - InProcessStack.PARTITIONS)
                        .isGreaterThan(2L * MAX_IN_FLIGHT);

                Map<String, Integer> outcomes = new HashMap<>();
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (outcomes.size() < ids.size() && System.nanoTime() < deadline) {
                    results.poll(Duration.ofMillis(200)).forEach(entry -> outcomes.merge(entry.key(), 1, Integer::sum));
                }
                assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(outcomes.values()).as("one result each").containsOnly(1);
            }
        }
    }

    /** Request ids whose work items land one on each partition of the work topic (keyed by requestId). */
    private static List<String> oneKeyPerWorkPartition() {
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; byPartition.size() < InProcessStack.PARTITIONS; i++) {
            String id = "slow-" + i;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % InProcessStack.PARTITIONS, id);
        }
        return List.copyOf(byPartition.values());
    }

    private static LlmRequest request(String id, String model) {
        return LlmRequest.newBuilder().setRequestId(id).setTenantId("patient").setModel(model).setMaxOutputTokens(20)
                .setMessages(List.of(Messages.text("user", "Say something short (" + id + ")."))).build();
    }
}
