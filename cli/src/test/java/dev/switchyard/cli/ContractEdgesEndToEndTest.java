package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.core.deadletter.DeadLetters;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract's edges on a real broker: a requestId is executed once however its records are
 * keyed and partitioned, and every request whose requestId can be read gets exactly one result
 * while only unreadable records reach the dead-letter topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractEdgesEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private InProcessStack stack;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        stack = new InProcessStack().startServices();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRequestIdIsExecutedOnceWhateverPartitionItsRecordsLandOn() throws Exception {
        String tenant = "edge-dedupe";
        // First with the requestId as key, then without a key.
        send("d-1", null, avro("d-1", tenant));
        send(null, null, avro("d-1", tenant));
        // With a key other than the requestId, then with it.
        send("batch-7", null, avro("d-2", tenant));
        send("d-2", null, avro("d-2", tenant));
        // Keyed by the requestId on the partition another partitioner (kafkajs's legacy one) picked, then as Java's picks.
        send("d-3", (javaPartition("d-3") + 1) % InProcessStack.PARTITIONS, avro("d-3", tenant));
        send("d-3", null, avro("d-3", tenant));
        // JSON under HTTP's spelling of the header, keyed and not.
        String json = "{\"requestId\": \"d-4\", \"tenantId\": \"" + tenant + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Name a colour.\"}]}";
        sendJson("d-4", "Content-Type", json);
        sendJson(null, "Content-Type", json);
        producer.flush();

        List<String> ids = List.of("d-1", "d-2", "d-3", "d-4");
        Map<String, List<LlmResult>> results = awaitResults(ids, 8);
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        results.forEach((id, each) -> {
            assertThat(each).as("results of " + id).hasSize(1);
            assertThat(each.getFirst().getStatus()).as(id).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(each.getFirst().getAttempts()).as("one provider call for " + id).hasSize(1);
        });

        Map<String, Long> usagePerRequest = new HashMap<>();
        try (TopicReader<String, UsageEvent> usage = new TopicReader<>(stack.kafka, stack.topics.usage, true)) {
            usage.readToEnd(Duration.ofSeconds(2)).stream().map(TopicReader.Entry::value)
                    .filter(event -> event.getTenantId().equals(tenant))
                    .forEach(event -> usagePerRequest.merge(event.getRequestId(), 1L, Long::sum));
        }
        assertThat(usagePerRequest).as("one usage event per request").isEqualTo(Map.of("d-1", 1L, "d-2", 1L, "d-3", 1L, "d-4", 1L));

        long cost = results.values().stream().mapToLong(each -> each.getFirst().getCostNanoUsd()).sum();
        CostAggregate month = awaitMonthTotal(tenant, total -> total.getRequests() == 4 && total.getCostNanoUsd() == cost);
        assertThat(month.getRequests()).isEqualTo(4);
        assertThat(month.getCostNanoUsd()).as("llm.costs counts each billed call once").isEqualTo(cost).isPositive();
    }

    @Test
    void everyReadableRequestIsAnsweredOnceAndOnlyUnreadableOnesAreDeadLettered() throws Exception {
        String tenant = "edge-bad";
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        Map<String, String> malformed = new java.util.LinkedHashMap<>();
        malformed.put("b-no-tenant", "{\"requestId\": \"b-no-tenant\", " + user + "}");
        malformed.put("b-no-messages", "{\"requestId\": \"b-no-messages\", \"tenantId\": \"" + tenant + "\"}");
        malformed.put("b-strategy", "{\"requestId\": \"b-strategy\", \"tenantId\": \"" + tenant + "\", \"strategy\": \"fastest\", " + user + "}");
        malformed.put("b-priority", "{\"requestId\": \"b-priority\", \"tenantId\": \"" + tenant + "\", \"priority\": \"urgent\", " + user + "}");
        malformed.put("b-role", "{\"requestId\": \"b-role\", \"tenantId\": \"" + tenant + "\", \"messages\": [{\"role\": \"bot\", \"content\": \"x\"}]}");
        malformed.forEach((id, body) -> sendJson(id, "content-type", body));
        // Unreadable: no requestId, not JSON, not Avro.
        sendJson("x-1", "content-type", "{\"tenantId\": \"" + tenant + "\", " + user + "}");
        sendJson("x-2", "content-type", "{not json");
        send("x-3", null, "plain bytes".getBytes(StandardCharsets.UTF_8));
        // A second copy of one malformed request is not answered twice.
        sendJson(null, "content-type", malformed.get("b-role"));
        producer.flush();

        Map<String, List<LlmResult>> results = awaitResults(malformed.keySet(), malformed.size());
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(malformed.keySet());
        results.forEach((id, each) -> {
            assertThat(each).as(id).hasSize(1);
            assertThat(each.getFirst().getStatus()).as(id).isEqualTo(ResultStatus.REJECTED);
            assertThat(each.getFirst().getError().getCode()).as(id).isEqualTo("INVALID_REQUEST");
        });
        assertThat(results.get("b-no-tenant").getFirst().getTenantId()).isEmpty();
        assertThat(results.get("b-strategy").getFirst().getError().getMessage()).contains("strategy is 'fastest'");

        Map<String, String> deadCodes = new HashMap<>();
        try (TopicReader<byte[], byte[]> dlq = new TopicReader<>(stack.kafka, stack.topics.deadLetters, true)) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            List<TopicReader.Entry<byte[], byte[]>> dead = new ArrayList<>();
            while (dead.size() < 3 && System.nanoTime() < deadline) {
                dead.addAll(dlq.poll(Duration.ofMillis(300)));
            }
            dead.addAll(dlq.readToEnd(Duration.ofSeconds(1)));
            dead.forEach(entry -> deadCodes.merge(new String(entry.key(), StandardCharsets.UTF_8),
                    new String(entry.record().headers().lastHeader(DeadLetters.ERROR_CODE).value(), StandardCharsets.UTF_8),
                    (first, second) -> first + ", " + second));
        }
        assertThat(deadCodes).isEqualTo(Map.of("x-1", "MISSING_REQUEST_ID", "x-2", "UNREADABLE_RECORD", "x-3", "UNREADABLE_RECORD"));

        // Rejections count as requests of their tenant; the one without a tenant counts for none.
        awaitMonthTotal(tenant, total -> total.getRequests() == malformed.size() - 1);
        try (TopicReader<String, CostAggregate> costs = new TopicReader<>(stack.kafka, stack.topics.costs, true)) {
            assertThat(costs.readToEnd(Duration.ofSeconds(2))).extracting(entry -> entry.value().getTenantId())
                    .doesNotContain("");
        }
    }

    private byte[] avro(String requestId, String tenant) {
        LlmRequest request = LlmRequest.newBuilder().setRequestId(requestId).setTenantId(tenant)
                .setMessages(List.of(Messages.text("user", "Name a colour."))).setMaxOutputTokens(20).build();
        return stack.topics.requests.valueSerde().serializer().serialize(stack.topics.requests.name(), request);
    }

    private void send(String key, Integer partition, byte[] value) {
        producer.send(new ProducerRecord<>(stack.topics.requests.name(), partition,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    private void sendJson(String key, String headerName, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(headerName, "application/json".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(stack.topics.requests.name(), null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), headers));
    }

    private static int javaPartition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % InProcessStack.PARTITIONS;
    }

    /** The results of these requests, waiting until each has one and then a while longer for any second one. */
    private Map<String, List<LlmResult>> awaitResults(java.util.Collection<String> ids, int recordsSent) throws Exception {
        List<LlmResult> seen = new ArrayList<>();
        try (TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, true)) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (seen.stream().map(LlmResult::getRequestId).distinct().count() < ids.size() && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).stream().map(TopicReader.Entry::value)
                        .filter(result -> ids.contains(result.getRequestId())).forEach(seen::add);
            }
            Thread.sleep(1_000L + 100L * recordsSent);
            reader.readToEnd(Duration.ofSeconds(2)).stream().map(TopicReader.Entry::value)
                    .filter(result -> ids.contains(result.getRequestId())).forEach(seen::add);
        }
        return seen.stream().collect(Collectors.groupingBy(LlmResult::getRequestId));
    }

    /** The tenant's month total over all users and models, once it satisfies {@code done} (or the last seen). */
    private CostAggregate awaitMonthTotal(String tenant, Predicate<CostAggregate> done) throws Exception {
        Map<String, CostAggregate> latest = new HashMap<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (TopicReader<String, CostAggregate> costs = new TopicReader<>(stack.kafka, stack.topics.costs, true)) {
            while (System.nanoTime() < deadline) {
                costs.poll(Duration.ofMillis(300)).forEach(entry -> latest.put(entry.key(), entry.value()));
                CostAggregate total = monthTotal(latest, tenant);
                if (total != null && done.test(total)) {
                    return total;
                }
            }
        }
        CostAggregate total = monthTotal(latest, tenant);
        assertThat(total).as("a month total of " + tenant).isNotNull();
        assertThat(done.test(total)).as("month total of " + tenant + ": " + total).isTrue();
        return total;
    }

    private static CostAggregate monthTotal(Map<String, CostAggregate> latest, String tenant) {
        return latest.values().stream()
                .filter(a -> a.getWindow() == CostWindow.MONTH && a.getUserId() == null && a.getModel() == null)
                .filter(a -> a.getTenantId().equals(tenant))
                .findFirst().orElse(null);
    }
}
