package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.core.deadletter.DeadLetters;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.cost.CostApplication;
import dev.switchyard.executor.ExecutorApplication;
import dev.switchyard.router.RouterApplication;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path on a real broker: 1,000 requests in, 1,000 results out, each requestId once,
 * and each tenant's cost aggregate equal to the sum of its results' costs to the nano-dollar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private InProcessStack stack;

    @BeforeAll
    void startStack() throws Exception {
        stack = new InProcessStack().startServices();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyRequestGetsExactlyOneResultAndCostsAddUpExactly() throws Exception {
        List<LlmRequest> workload = Workload.generate("e2e", 1000, 42);
        List<TopicReader.Entry<String, LlmResult>> results = new ArrayList<>();
        try (TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, false);
             RequestProducer producer = new RequestProducer(stack.kafka)) {
            workload.forEach(producer::send);
            producer.flush();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (distinctIds(results) < workload.size() && System.nanoTime() < deadline) {
                results.addAll(reader.poll(Duration.ofMillis(200)));
            }
            // Give any duplicate time to show up before asserting there is none.
            results.addAll(reader.readToEnd(Duration.ofSeconds(2)));
        }

        Map<String, Long> perId = results.stream().collect(Collectors.groupingBy(TopicReader.Entry::key, Collectors.counting()));
        assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(workload.stream().map(LlmRequest::getRequestId).toList());
        assertThat(perId.values()).allMatch(count -> count == 1);

        Map<ResultStatus, Long> byStatus = results.stream()
                .collect(Collectors.groupingBy(entry -> entry.value().getStatus(), Collectors.counting()));
        long invalid = workload.stream().filter(r -> r.getMessages().stream().noneMatch(m -> m.getRole().equals("user"))).count();
        assertThat(byStatus.getOrDefault(ResultStatus.REJECTED, 0L)).isEqualTo(invalid);
        assertThat(byStatus.get(ResultStatus.SUCCEEDED)).isEqualTo(workload.size() - invalid);
        assertThat(results).allSatisfy(entry -> {
            Header tenant = entry.record().headers().lastHeader(Results.TENANT_HEADER);
            assertThat(new String(tenant.value(), StandardCharsets.UTF_8)).isEqualTo(entry.value().getTenantId());
        });
        // Both wire formats served real answers: Anthropic through its SDK, the rest through OpenAI's.
        assertThat(results).extracting(entry -> entry.value().getProvider()).contains("anthropic", "openai", "google");

        assertThat(results.stream().collect(Collectors.groupingBy(entry -> entry.value().getTenantId(),
                Collectors.summingLong(entry -> entry.value().getCostNanoUsd()))).values()).allMatch(cost -> cost > 0);
        PipelineOutcomes.assertTenantTotals(stack, results.stream().map(TopicReader.Entry::value).toList(), PATIENCE);
    }

    @Test
    void unreadableBytesGoToTheDeadLetterTopicUnchangedAndJsonRequestsAreServed() throws Exception {
        byte[] garbage = {0x00, 0x00, 0x00, 0x03, (byte) 0xE9, 0x7F, 0x01};
        try (TopicReader<byte[], byte[]> dlq = new TopicReader<>(stack.kafka, stack.topics.deadLetters, false);
             TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, false);
             RequestProducer producer = new RequestProducer(stack.kafka)) {
            producer.sendRaw("broken-1".getBytes(StandardCharsets.UTF_8), garbage);
            producer.sendJson("json-1", """
                    {"requestId": "json-1", "tenantId": "json-tenant", "strategy": "cost",
                     "messages": [{"role": "user", "content": "Say hello in JSON"}]}""");
            producer.flush();

            List<TopicReader.Entry<byte[], byte[]>> dead = new ArrayList<>();
            List<TopicReader.Entry<String, LlmResult>> answered = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while ((dead.isEmpty() || answered.stream().noneMatch(e -> e.key().equals("json-1"))) && System.nanoTime() < deadline) {
                dead.addAll(dlq.poll(Duration.ofMillis(200)));
                answered.addAll(results.poll(Duration.ofMillis(200)));
            }
            assertThat(dead).hasSize(1);
            assertThat(dead.getFirst().key()).isEqualTo("broken-1".getBytes(StandardCharsets.UTF_8));
            assertThat(dead.getFirst().value()).isEqualTo(garbage);
            assertThat(header(dead.getFirst(), DeadLetters.ERROR_CODE)).isEqualTo("UNREADABLE_RECORD");
            assertThat(header(dead.getFirst(), DeadLetters.ERROR_MESSAGE)).contains("schema id");
            assertThat(header(dead.getFirst(), DeadLetters.SOURCE_TOPIC)).isEqualTo(stack.topics.requests.name());
            assertThat(header(dead.getFirst(), DeadLetters.SOURCE_OFFSET)).matches("\\d+");
            LlmResult json = answered.stream().filter(e -> e.key().equals("json-1")).findFirst().orElseThrow().value();
            assertThat(json.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(json.getRouting().getStrategy().name()).isEqualTo("COST");
        }
    }

    /**
     * Kafka's own metrics reach each service's registry (and so its Prometheus endpoint): an
     * operator sees a router, cost service or executor fall behind, or its exactly-once commits slow down.
     */
    @Test
    void theServicesReportTheirKafkaClientsMetrics() throws Exception {
        List<LlmRequest> workload = Workload.generate("metered", 20, 7);
        // A tenant of its own, so that the cost totals another test checks stay its own.
        workload.forEach(request -> request.setTenantId("metered-tenant"));
        try (TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, false);
             RequestProducer producer = new RequestProducer(stack.kafka)) {
            workload.forEach(producer::send);
            producer.flush();
            List<TopicReader.Entry<String, LlmResult>> answered = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (distinctIds(answered) < workload.size() && System.nanoTime() < deadline) {
                answered.addAll(results.poll(Duration.ofMillis(200)));
            }
        }
        // The cost service counts a moment after the results; the binder's gauges read the metrics live.
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline && (streamThreadTotal(RouterApplication.class, "process") < workload.size()
                || streamThreadTotal(CostApplication.class, "process") == 0)) {
            Thread.sleep(200);
        }
        assertThat(streamThreadTotal(RouterApplication.class, "process")).isGreaterThanOrEqualTo(workload.size());
        assertThat(streamThreadTotal(RouterApplication.class, "commit")).isPositive();
        assertThat(streamThreadTotal(CostApplication.class, "process")).isPositive();
        assertThat(streamThreadTotal(CostApplication.class, "commit")).isPositive();
        // Each executor's consumer group reports how far behind its work topics it is, per provider.
        MeterRegistry executor = stack.meters(ExecutorApplication.class).getFirst();
        assertThat(executor.find("kafka.consumer.fetch.manager.records.lag.max").tag("provider", "openai").meters()).isNotEmpty();
        assertThat(executor.find("kafka.producer.txn.commit.time.ns.total").tag("provider", "openai").meters()).isNotEmpty();
        // Every Kafka metric the Grafana dashboard queries is one the router registers, under its Prometheus name.
        MeterRegistry router = stack.meters(RouterApplication.class).getFirst();
        Matcher queried = Pattern.compile("kafka_[a-z_]+").matcher(Files.readString(Path.of("../deploy/grafana/dashboards/switchyard.json")));
        List<String> dashboardMetrics = queried.results().map(MatchResult::group).distinct().toList();
        assertThat(dashboardMetrics).contains("kafka_stream_thread_commit_latency_avg");
        assertThat(dashboardMetrics).allSatisfy(name ->
                assertThat(router.find(name.replace('_', '.')).tag("streams", "router").meters()).as(name).isNotEmpty());
    }

    /** The sum of a Kafka Streams thread counter ({@code <what>-total}) over the threads of one service. */
    private double streamThreadTotal(Class<?> application, String what) {
        return stack.meters(application).getFirst().find("kafka.stream.thread." + what + ".total").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    private static long distinctIds(List<TopicReader.Entry<String, LlmResult>> results) {
        return results.stream().map(TopicReader.Entry::key).distinct().count();
    }

    private static String header(TopicReader.Entry<?, ?> entry, String name) {
        return new String(entry.record().headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
