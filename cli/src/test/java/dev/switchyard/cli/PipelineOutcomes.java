package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import dev.switchyard.schema.LlmResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** The checks of the product's promises that the fault tests share: one result per request, and exact costs. */
final class PipelineOutcomes {

    private PipelineOutcomes() {
    }

    /**
     * Reads {@code reader} until every one of {@code requestIds} has a result, then a little longer
     * so that a duplicate would show, and asserts each got exactly one.
     *
     * @return every result read, one per request
     */
    static Map<String, LlmResult> awaitExactlyOneEach(TopicReader<String, LlmResult> reader, Collection<String> requestIds,
                                                      Duration patience) {
        List<TopicReader.Entry<String, LlmResult>> read = new ArrayList<>();
        Map<String, LlmResult> byId = new HashMap<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (!byId.keySet().containsAll(requestIds) && System.nanoTime() < deadline) {
            for (TopicReader.Entry<String, LlmResult> entry : reader.poll(Duration.ofMillis(200))) {
                read.add(entry);
                byId.put(entry.key(), entry.value());
            }
        }
        read.addAll(reader.readToEnd(Duration.ofSeconds(3)));
        Map<String, Long> perId = read.stream().filter(e -> requestIds.contains(e.key()))
                .collect(Collectors.groupingBy(TopicReader.Entry::key, Collectors.counting()));
        assertThat(perId.keySet()).as("requests with a result").containsExactlyInAnyOrderElementsOf(requestIds);
        assertThat(perId).as("results per request").allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
        return byId;
    }

    /**
     * Waits until each tenant's month total on {@code llm.costs} equals the sum of its results'
     * costs, and its request count their number, to the nano-dollar; then asserts it.
     */
    static void assertTenantTotals(InProcessStack stack, Collection<LlmResult> results, Duration patience) {
        Map<String, Long> expectedCost = new HashMap<>();
        Map<String, Long> expectedRequests = new HashMap<>();
        for (LlmResult result : results) {
            expectedCost.merge(result.getTenantId(), result.getCostNanoUsd(), Long::sum);
            expectedRequests.merge(result.getTenantId(), 1L, Long::sum);
        }
        Map<String, CostAggregate> latest = new HashMap<>();
        long deadline = System.nanoTime() + patience.toNanos();
        try (TopicReader<String, CostAggregate> costs = new TopicReader<>(stack.kafka, stack.topics.costs, true)) {
            while (System.nanoTime() < deadline) {
                costs.poll(Duration.ofMillis(300)).forEach(entry -> latest.put(entry.key(), entry.value()));
                if (tenantTotals(latest, expectedCost, CostAggregate::getCostNanoUsd).equals(expectedCost)
                        && tenantTotals(latest, expectedRequests, CostAggregate::getRequests).equals(expectedRequests)) {
                    break;
                }
            }
        }
        assertThat(tenantTotals(latest, expectedCost, CostAggregate::getCostNanoUsd)).as("cost per tenant").isEqualTo(expectedCost);
        assertThat(tenantTotals(latest, expectedRequests, CostAggregate::getRequests)).as("requests per tenant").isEqualTo(expectedRequests);
    }

    /**
     * Month totals per tenant (all users, all models), summed over months should the run straddle
     * one; only the tenants of {@code expected}, since other tests of a stack have tenants of their own.
     */
    private static Map<String, Long> tenantTotals(Map<String, CostAggregate> latest, Map<String, Long> expected,
                                                  ToLongFunction<CostAggregate> measure) {
        return latest.values().stream()
                .filter(a -> a.getWindow() == CostWindow.MONTH && a.getUserId() == null && a.getModel() == null)
                .filter(a -> expected.containsKey(a.getTenantId()))
                .collect(Collectors.groupingBy(CostAggregate::getTenantId, Collectors.summingLong(measure)));
    }
}
