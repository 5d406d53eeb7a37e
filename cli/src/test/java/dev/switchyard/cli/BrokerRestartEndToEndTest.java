package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.core.kafka.KafkaConnection;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broker itself dies mid-run ({@code kill -9} of its JVM, as a crashed host) and comes back
 * on the same ports and data a few seconds later, while requests are in every stage of the
 * pipeline: no request is lost, none is answered twice, and the costs counted are exact.
 */
class BrokerRestartEndToEndTest {

    private static final int REQUESTS = 1_500;

    @Test
    void aBrokerCrashLosesNothingAndCountsNothingTwice() throws Exception {
        ProcessBroker broker = ProcessBroker.plaintext(InProcessStack.PARTITIONS);
        try (InProcessStack stack = new InProcessStack(broker, KafkaConnection.PLAINTEXT, List.of()).startServices()) {
            List<LlmRequest> workload = Workload.generate("broker-restart", REQUESTS, 11);
            // Tenants of their own, so that their cost totals are this run's alone.
            workload.forEach(request -> request.setTenantId("restart-" + request.getTenantId()));
            List<String> ids = workload.stream().map(LlmRequest::getRequestId).toList();
            // From the beginning: this stack's results are this run's only, and the early ones count too.
            try (TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, true);
                 TopicReader<String, LlmResult> early = new TopicReader<>(stack.kafka, stack.topics.results, true);
                 RequestProducer producer = new RequestProducer(stack.kafka)) {
                workload.subList(0, REQUESTS / 2).forEach(producer::send);
                producer.flush();
                awaitSomeResults(early, 100);

                broker.kill();
                Thread.sleep(3_000);
                broker.start();

                workload.subList(REQUESTS / 2, REQUESTS).forEach(producer::send);
                producer.flush();
                Map<String, LlmResult> byId = PipelineOutcomes.awaitExactlyOneEach(results, ids, Duration.ofSeconds(240));
                PipelineOutcomes.assertTenantTotals(stack, byId.values(), Duration.ofSeconds(120));
            }
        }
    }

    private static void awaitSomeResults(TopicReader<String, LlmResult> results, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int seen = 0;
        while (seen < count && System.nanoTime() < deadline) {
            seen += results.poll(Duration.ofMillis(100)).size();
        }
        assertThat(seen).as("results before the broker is killed").isGreaterThanOrEqualTo(count);
    }
}
