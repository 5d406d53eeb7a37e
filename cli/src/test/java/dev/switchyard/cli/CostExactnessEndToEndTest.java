package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import dev.switchyard.schema.internal.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Exactness under crashes and redelivery: usage events arrive with duplicates (as a redelivered
 * attempt re-sends its usage), the cost service is killed without a graceful shutdown in the
 * middle of the stream and restarted, and afterwards every aggregate on {@code llm.costs} equals
 * the sum computed here, independently, from the distinct events.
 */
class CostExactnessEndToEndTest {

    private static final int EVENTS = 6_000;

    @Test
    void everyAggregateEqualsTheIndependentSumAfterRedeliveriesAndACrash() throws Exception {
        try (InProcessStack stack = new InProcessStack()) {
            Process doomed = InProcessStack.launch("dev.switchyard.cost.CostApplication", stack.costArgs("cost"), "doomed-cost");
            Random random = new Random(42);
            Instant now = Instant.now();
            List<UsageEvent> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String model = random.nextBoolean() ? "gpt-4o-mini" : "claude-haiku-4-5";
                events.add(UsageEvent.newBuilder().setUsageId("x" + i + "#" + (1 + random.nextInt(2))).setRequestId("x" + i)
                        .setAttempt(1).setTenantId("tenant-" + random.nextInt(4)).setUserId("u" + random.nextInt(5))
                        .setProvider(model.startsWith("claude") ? "anthropic" : "openai").setModel(model)
                        .setInputTokens(random.nextInt(2_000)).setCachedInputTokens(random.nextInt(100))
                        .setOutputTokens(random.nextInt(500)).setCostNanoUsd(1 + random.nextInt(5_000_000))
                        .setAtMs(now.minusSeconds(random.nextInt(600))).build());
            }

            try (RecordWriter writer = new RecordWriter(stack.kafka, "exactness-test")) {
                // The first records one at a time: a partition whose leader is still being elected
                // right after the topic was created can otherwise wedge an idempotent producer's
                // pipelined batches (OUT_OF_ORDER_SEQUENCE_NUMBER) on the embedded broker.
                for (UsageEvent event : events.subList(0, 30)) {
                    writer.send(stack.topics.usage, event.getUsageId(), event).get();
                }
                int sent = 30;
                for (UsageEvent event : events.subList(30, EVENTS / 2)) {
                    send(writer, stack, event, random);
                    if (++sent % 500 == 0) {
                        writer.flush();
                        Thread.sleep(100);
                    }
                }
                writer.flush();
                awaitSomeCounted(stack);
                doomed.destroyForcibly().waitFor();

                stack.startCost();
                for (UsageEvent event : events.subList(EVENTS / 2, EVENTS)) {
                    send(writer, stack, event, random);
                }
                // Redeliveries of events counted before the crash.
                for (int i = 0; i < EVENTS / 2; i += 7) {
                    writer.send(stack.topics.usage, events.get(i).getUsageId(), events.get(i));
                }
                writer.flush();
            }

            Map<String, Long> expected = expectedCosts(events);
            Map<String, CostAggregate> latest = awaitAggregates(stack, expected);
            for (Map.Entry<String, Long> entry : expected.entrySet()) {
                assertThat(latest.get(entry.getKey())).as(entry.getKey()).isNotNull();
                assertThat(latest.get(entry.getKey()).getCostNanoUsd()).as(entry.getKey()).isEqualTo(entry.getValue());
            }
            assertThat(tokens(latest, events.get(0).getTenantId())).as("input tokens of a tenant's month")
                    .isEqualTo(events.stream().filter(e -> e.getTenantId().equals(events.get(0).getTenantId()))
                            .mapToLong(UsageEvent::getInputTokens).sum());
        }
    }

    /** Each event once, and a quarter of them again right away, as a producer retry or a redelivery would. */
    private static void send(RecordWriter writer, InProcessStack stack, UsageEvent event, Random random) {
        writer.send(stack.topics.usage, event.getUsageId(), event);
        if (random.nextInt(4) == 0) {
            writer.send(stack.topics.usage, event.getUsageId(), event);
        }
    }

    /** The month, day and hour sums per tenant, tenant/user and tenant/model, computed from the distinct events. */
    private static Map<String, Long> expectedCosts(List<UsageEvent> events) {
        Map<String, Long> expected = new HashMap<>();
        for (UsageEvent e : events) {
            Instant at = e.getAtMs();
            Map<CostWindow, Instant> starts = Map.of(
                    CostWindow.HOUR, at.truncatedTo(ChronoUnit.HOURS),
                    CostWindow.DAY, at.truncatedTo(ChronoUnit.DAYS),
                    CostWindow.MONTH, at.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant());
            starts.forEach((window, start) -> {
                String suffix = "|" + window + "|" + start.toEpochMilli();
                expected.merge(e.getTenantId() + "|*|*|*" + suffix, e.getCostNanoUsd(), Long::sum);
                expected.merge(e.getTenantId() + "|" + e.getUserId() + "|*|*" + suffix, e.getCostNanoUsd(), Long::sum);
                expected.merge(e.getTenantId() + "|*|" + e.getProvider() + "|" + e.getModel() + suffix, e.getCostNanoUsd(), Long::sum);
            });
        }
        return expected;
    }

    private static void awaitSomeCounted(InProcessStack stack) {
        try (TopicReader<String, CostAggregate> costs = new TopicReader<>(stack.kafka, stack.topics.costs, true)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                if (!costs.poll(Duration.ofMillis(200)).isEmpty()) {
                    return;
                }
            }
        }
        throw new AssertionError("the first cost service never wrote an aggregate");
    }

    private static Map<String, CostAggregate> awaitAggregates(InProcessStack stack, Map<String, Long> expected) {
        Map<String, CostAggregate> latest = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (TopicReader<String, CostAggregate> costs = new TopicReader<>(stack.kafka, stack.topics.costs, true)) {
            while (System.nanoTime() < deadline) {
                costs.poll(Duration.ofMillis(300)).forEach(entry -> latest.put(entry.key(), entry.value()));
                if (expected.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
                        && latest.get(e.getKey()).getCostNanoUsd() == e.getValue())) {
                    // Settled: what follows within a few commits must not move any figure past it.
                    costs.readToEnd(Duration.ofSeconds(2)).forEach(entry -> latest.put(entry.key(), entry.value()));
                    break;
                }
            }
        }
        return latest;
    }

    private static long tokens(Map<String, CostAggregate> latest, String tenant) {
        return latest.values().stream()
                .filter(a -> a.getTenantId().equals(tenant) && a.getUserId() == null && a.getModel() == null
                        && a.getWindow() == CostWindow.MONTH)
                .mapToLong(CostAggregate::getInputTokens).sum();
    }
}
