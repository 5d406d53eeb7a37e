package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.sim.Knobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An executor killed mid-flight (SIGKILL, no graceful shutdown) and replaced: no request is
 * lost, no result is written twice, repeated provider calls are bounded, and no usage is counted
 * twice in the cost aggregates.
 */
class ExecutorCrashEndToEndTest {

    private static final int REQUESTS = 300;

    @Test
    void nothingIsLostOrCountedTwiceWhenAnExecutorDies() throws Exception {
        try (InProcessStack stack = new InProcessStack()) {
            stack.startRouter("router-1");
            stack.startCost();
            // Slow answers, so that many calls are in flight when the executor dies.
            stack.sim.knobs().reset(Knobs.defaults().with(Map.of("latencyMs", 400, "jitterMs", 200)));
            Process doomed = launchExecutor(stack);

            List<LlmRequest> requests = IntStream.range(0, REQUESTS).mapToObj(i -> LlmRequest.newBuilder()
                    .setRequestId("crash-" + i).setTenantId("crashco").setModel(i % 2 == 0 ? "gpt-4o-mini" : "claude-haiku-4-5")
                    .setMaxOutputTokens(40).setMessages(List.of(Messages.text("user", "Count to three, please. (" + i + ")"))).build())
                    .toList();
            List<TopicReader.Entry<String, LlmResult>> results = new ArrayList<>();
            try (TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, false);
                 RequestProducer producer = new RequestProducer(stack.kafka)) {
                requests.forEach(producer::send);
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (results.size() < REQUESTS / 5 && System.nanoTime() < deadline) {
                    results.addAll(reader.poll(Duration.ofMillis(100)));
                }
                assertThat(results).as("the doomed executor answered some requests first").isNotEmpty();
                doomed.destroyForcibly().waitFor();
                long callsBeforeCrash = totalCalls(stack);

                stack.startExecutor();
                deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (distinct(results) < REQUESTS && System.nanoTime() < deadline) {
                    results.addAll(reader.poll(Duration.ofMillis(200)));
                }
                results.addAll(reader.readToEnd(Duration.ofSeconds(3)));
                assertThat(callsBeforeCrash).isPositive();
            }

            Map<String, Long> perRequest = results.stream().collect(Collectors.groupingBy(TopicReader.Entry::key, Collectors.counting()));
            assertThat(perRequest).hasSize(REQUESTS);
            assertThat(perRequest.values()).as("exactly one terminal result per request").allMatch(count -> count == 1);
            assertThat(results).allSatisfy(r -> assertThat(r.value().getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(totalCalls(stack)).as("calls in flight at the crash were redone, so the crash was mid-flight")
                    .isGreaterThan(REQUESTS)
                    .as("repeated calls are bounded by the calls in flight at the crash")
                    .isLessThanOrEqualTo(2L * REQUESTS);

            long resultCost = results.stream().mapToLong(r -> r.value().getCostNanoUsd()).sum();
            assertThat(awaitTenantMonthCost(stack, resultCost)).as("each billed attempt counted once").isEqualTo(resultCost);
        }
    }

    private static Process launchExecutor(InProcessStack stack) throws Exception {
        return InProcessStack.launch("dev.switchyard.executor.ExecutorApplication", stack.executorArgs(), "doomed-executor");
    }

    private static long totalCalls(InProcessStack stack) {
        return stack.sim.knobs().calls("gpt-4o-mini") + stack.sim.knobs().calls("claude-haiku-4-5");
    }

    private static long distinct(List<TopicReader.Entry<String, LlmResult>> results) {
        return results.stream().map(TopicReader.Entry::key).distinct().count();
    }

    private static long awaitTenantMonthCost(InProcessStack stack, long expected) {
        Map<String, CostAggregate> latest = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (TopicReader<String, CostAggregate> costs = new TopicReader<>(stack.kafka, stack.topics.costs, true)) {
            while (System.nanoTime() < deadline) {
                costs.poll(Duration.ofMillis(300)).forEach(entry -> latest.put(entry.key(), entry.value()));
                if (monthTotal(latest) == expected) {
                    break;
                }
            }
        }
        return monthTotal(latest);
    }

    private static long monthTotal(Map<String, CostAggregate> latest) {
        return latest.values().stream()
                .filter(a -> a.getTenantId().equals("crashco") && a.getWindow() == CostWindow.MONTH && a.getUserId() == null
                        && a.getModel() == null)
                .mapToLong(CostAggregate::getCostNanoUsd).sum();
    }
}
