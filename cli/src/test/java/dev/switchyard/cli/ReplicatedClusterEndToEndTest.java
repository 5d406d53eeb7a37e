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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * Three brokers, each also a controller, every topic at replication factor 3 with
 * {@code min.insync.replicas} 2, and the broker leading {@code llm.requests}' first partition
 * killed mid-run ({@code kill -9}) and left dead: leadership moves to the two left, which still
 * form an in-sync majority and a controller quorum, and no request is lost, none answered twice,
 * no cost counted twice.
 */
class ReplicatedClusterEndToEndTest {

    private static final int REQUESTS = 1_000;

    @Test
    void losingOneOfThreeBrokersLosesNothing() throws Exception {
        ProcessBroker cluster = ProcessBroker.cluster(3, InProcessStack.PARTITIONS);
        try (InProcessStack stack = new InProcessStack(cluster, KafkaConnection.PLAINTEXT, List.of(), (short) 3).startServices()) {
            try (Admin admin = Admin.create(stack.kafka.admin())) {
                TopicDescription requests = admin.describeTopics(List.of(stack.topics.requests.name())).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(stack.topics.requests.name());
                assertThat(requests.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
            List<LlmRequest> workload = Workload.generate("replicated", REQUESTS, 13);
            workload.forEach(request -> request.setTenantId("replicated-" + request.getTenantId()));
            try (TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, true);
                 TopicReader<String, LlmResult> early = new TopicReader<>(stack.kafka, stack.topics.results, true);
                 RequestProducer producer = new RequestProducer(stack.kafka)) {
                workload.subList(0, REQUESTS / 2).forEach(producer::send);
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                int seen = 0;
                while (seen < 100 && System.nanoTime() < deadline) {
                    seen += early.poll(Duration.ofMillis(100)).size();
                }
                assertThat(seen).as("results before a broker goes").isGreaterThanOrEqualTo(100);

                int leader;
                try (Admin admin = Admin.create(stack.kafka.admin())) {
                    leader = admin.describeTopics(List.of(stack.topics.requests.name())).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(stack.topics.requests.name()).partitions().getFirst().leader().id();
                }
                cluster.kill(leader);

                workload.subList(REQUESTS / 2, REQUESTS).forEach(producer::send);
                producer.flush();
                Map<String, LlmResult> byId = PipelineOutcomes.awaitExactlyOneEach(results,
                        workload.stream().map(LlmRequest::getRequestId).toList(), Duration.ofSeconds(240));
                PipelineOutcomes.assertTenantTotals(stack, byId.values(), Duration.ofSeconds(120));
            }
        }
    }
}
