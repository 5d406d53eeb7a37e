package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.BudgetPeriod;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Budgets on a real broker. Under concurrency, with the router as two instances: 2,000 requests
 * of one tenant at once against a limit that covers a fraction of them; the actual spend stays at
 * or under the limit, and every request not served is REJECTED with BUDGET_EXCEEDED. One after
 * another: requests reserve their worst case (exact input tokens, the output cap) and settle at
 * their actual cost, so they spend at least 95% of the budget before one is refused.
 */
class BudgetEndToEndTest {

    private static final long LIMIT_NANO_USD = 5_000_000L; // $0.005

    @Test
    void actualSpendNeverExceedsTheLimit() throws Exception {
        try (InProcessStack stack = new InProcessStack().startServices()) {
            stack.startRouter("router-2");
            KafkaSettings kafka = stack.kafka;
            setMonthlyBudget(stack, "tenant:frugal", LIMIT_NANO_USD);

            List<LlmRequest> burst = IntStream.range(0, 2000).mapToObj(i -> LlmRequest.newBuilder()
                    .setRequestId("frugal-" + i).setTenantId("frugal").setUserId("u" + (i % 7)).setMaxOutputTokens(64)
                    .setMessages(List.of(Messages.text("user", "Give me one fun fact, number " + i + ".")))
                    .build()).toList();
            Set<String> ids = burst.stream().map(LlmRequest::getRequestId).collect(Collectors.toSet());
            Map<String, ResultCollector.Received> results;
            try (ResultCollector collector = new ResultCollector(kafka); RequestProducer requests = new RequestProducer(kafka)) {
                burst.forEach(requests::send);
                requests.flush();
                results = collector.await(ids, Duration.ofSeconds(120), (r, n) -> { });
            }

            assertThat(results).hasSize(2000);
            List<LlmResult> all = results.values().stream().map(ResultCollector.Received::result).toList();
            long spent = all.stream().mapToLong(LlmResult::getCostNanoUsd).sum();
            Map<ResultStatus, Long> byStatus = all.stream().collect(Collectors.groupingBy(LlmResult::getStatus, Collectors.counting()));
            assertThat(spent).isPositive().isLessThanOrEqualTo(LIMIT_NANO_USD);
            assertThat(byStatus.get(ResultStatus.SUCCEEDED)).isPositive();
            assertThat(byStatus.get(ResultStatus.REJECTED)).isPositive();
            assertThat(all).filteredOn(r -> r.getStatus() != ResultStatus.SUCCEEDED)
                    .allSatisfy(r -> {
                        assertThat(r.getStatus()).isEqualTo(ResultStatus.REJECTED);
                        assertThat(r.getError().getCode()).isEqualTo("BUDGET_EXCEEDED");
                    });
        }
    }

    @Test
    void requestsOneAfterAnotherSpendAtLeast95PercentOfTheBudget() throws Exception {
        long limit = 1_000_000L; // $0.001: about fifty requests of gpt-4o-mini; each one's worst case is about 2% of it
        try (InProcessStack stack = new InProcessStack().startServices()) {
            KafkaSettings kafka = stack.kafka;
            setMonthlyBudget(stack, "tenant:sequential", limit);

            long spent = 0;
            int served = 0;
            LlmResult refused = null;
            try (ResultCollector collector = new ResultCollector(kafka); RequestProducer requests = new RequestProducer(kafka)) {
                for (int i = 0; i < 500 && refused == null; i++) {
                    String id = "sequential-" + i;
                    requests.send(LlmRequest.newBuilder().setRequestId(id).setTenantId("sequential").setModel("gpt-4o-mini")
                            .setMaxOutputTokens(32)
                            .setMessages(List.of(Messages.text("user", "Name one prime number above " + (i * 100) + "."))).build()).get();
                    LlmResult result = collector.await(Set.of(id), Duration.ofSeconds(30), (r, n) -> { }).get(id).result();
                    if (result.getStatus() == ResultStatus.SUCCEEDED) {
                        spent += result.getCostNanoUsd();
                        served++;
                    } else {
                        refused = result;
                    }
                }
            }
            assertThat(refused).as("a request is refused once the budget is spent").isNotNull();
            assertThat(refused.getError().getCode()).isEqualTo("BUDGET_EXCEEDED");
            assertThat(served).isGreaterThan(20);
            assertThat(spent).as("spent of " + limit + " nano-USD by " + served + " requests").isLessThanOrEqualTo(limit)
                    .isGreaterThanOrEqualTo(limit * 95 / 100);
        }
    }

    /** Publishes a monthly budget, and lets it reach the router core before requests do (it is an input like any other). */
    private static void setMonthlyBudget(InProcessStack stack, String owner, long limitNanoUsd) throws Exception {
        BudgetPolicy policy = BudgetPolicy.newBuilder().setOwner(owner).setLimitNanoUsd(limitNanoUsd).setPeriod(BudgetPeriod.MONTHLY).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.kafka.producer("policy-admin"))) {
            String topic = stack.topics.budgetPolicies.name();
            producer.send(new ProducerRecord<>(topic, owner.getBytes(StandardCharsets.UTF_8),
                    stack.topics.budgetPolicies.valueSerde().serializer().serialize(topic, policy))).get();
        }
        Thread.sleep(2_000);
    }
}
