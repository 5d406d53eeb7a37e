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
import dev.switchyard.schema.ResultStatus;
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
 * A budget under concurrency on a real broker, with the router as two instances: 2,000 requests
 * of one tenant at once against a limit that covers a fraction of them. The actual spend stays at
 * or under the limit, and every request not served is REJECTED with BUDGET_EXCEEDED.
 */
class BudgetEndToEndTest {

    private static final long LIMIT_NANO_USD = 5_000_000L; // $0.005

    @Test
    void actualSpendNeverExceedsTheLimit() throws Exception {
        try (InProcessStack stack = new InProcessStack().startServices()) {
            stack.startRouter("router-2");
            KafkaSettings kafka = stack.kafka;
            BudgetPolicy policy = BudgetPolicy.newBuilder().setOwner("tenant:frugal").setLimitNanoUsd(LIMIT_NANO_USD)
                    .setPeriod(BudgetPeriod.MONTHLY).build();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("policy-admin"))) {
                String topic = stack.topics.budgetPolicies.name();
                producer.send(new ProducerRecord<>(topic, "tenant:frugal".getBytes(),
                        stack.topics.budgetPolicies.valueSerde().serializer().serialize(topic, policy))).get();
            }
            // Let the policy reach the router core before the burst (it is an input like any other).
            Thread.sleep(2_000);

            List<LlmRequest> burst = IntStream.range(0, 2000).mapToObj(i -> LlmRequest.newBuilder()
                    .setRequestId("frugal-" + i).setTenantId("frugal").setUserId("u" + (i % 7)).setMaxOutputTokens(64)
                    .setMessages(List.of(new Message("user", "Give me one fun fact, number " + i + ".")))
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
}
