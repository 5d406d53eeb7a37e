package dev.switchyard.router;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;
import static dev.switchyard.core.testing.TopologyTopics.rawInput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.deadletter.DeadLetters;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.serde.SchemaIds;
import dev.switchyard.schema.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract's edges at the router's entry: every request whose requestId can be read gets
 * exactly one result, whatever else is wrong with it and however it is keyed or partitioned;
 * only records without a readable requestId go to the dead-letter topic.
 */
class RequestIntakeTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    /** A writer's schema the router does not know as its own: another version of LlmRequest, from a registry. */
    private static final int OTHER_WRITER_ID = 9001;
    private static final Schema OTHER_WRITER = new Schema.Parser().parse("""
            {"type": "record", "name": "LlmRequest", "namespace": "dev.switchyard.schema", "fields": [
              {"name": "requestId", "type": "string"},
              {"name": "tenantId", "type": ["null", "string"], "default": null},
              {"name": "messages", "type": {"type": "array", "items": {"type": "record", "name": "Message", "fields": [
                {"name": "role", "type": "string"}, {"name": "content", "type": "string"}]}}},
              {"name": "strategy", "type": {"type": "enum", "name": "Strategy", "symbols": ["BALANCED", "COST", "CHEAPEST"]}},
              {"name": "priority", "type": "string"}
            ]}""");

    private final SchemaIds builtIn = SchemaIds.fromConfig(null);
    private final Topics topics = new Topics("", new SchemaIds() {
        @Override
        public int idFor(String topic, Schema schema) {
            return builtIn.idFor(topic, schema);
        }

        @Override
        public Schema schemaFor(int id) {
            return id == OTHER_WRITER_ID ? OTHER_WRITER : builtIn.schemaFor(id);
        }
    });
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;

    @BeforeEach
    void start() {
        driver = RouterTestDriver.create(topics, NOW);
        raw = rawInput(driver, topics.requests);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void everyJsonRequestWithAReadableIdIsRejectedOnceNamingTheField() {
        String messages = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        // requestId -> the rest of the body -> what the error must name
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("no-tenant", new String[] {messages, "tenantId is required"});
        cases.put("null-tenant", new String[] {"\"tenantId\": null, " + messages, "tenantId must be a string"});
        cases.put("number-tenant", new String[] {"\"tenantId\": 7, " + messages, "tenantId must be a string"});
        cases.put("blank-tenant", new String[] {"\"tenantId\": \" \", " + messages, "tenantId is required"});
        cases.put("no-messages", new String[] {"\"tenantId\": \"acme\"", "messages is required"});
        cases.put("null-messages", new String[] {"\"tenantId\": \"acme\", \"messages\": null", "messages must be an array"});
        cases.put("empty-messages", new String[] {"\"tenantId\": \"acme\", \"messages\": []", "messages must hold at least one"});
        cases.put("message-not-object", new String[] {"\"tenantId\": \"acme\", \"messages\": [\"hi\"]", "messages[0] must be an object"});
        cases.put("no-content", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\"}]", "messages[0] has neither content nor parts"});
        cases.put("bad-role", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]", "messages[0].role"});
        cases.put("no-user", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"system\", \"content\": \"x\"}]", "role 'user'"});
        cases.put("bad-strategy", new String[] {"\"tenantId\": \"acme\", \"strategy\": \"cheapest\", " + messages, "strategy is 'cheapest'"});
        cases.put("number-strategy", new String[] {"\"tenantId\": \"acme\", \"strategy\": 3, " + messages, "strategy must be one of"});
        cases.put("string-priority", new String[] {"\"tenantId\": \"acme\", \"priority\": \"high\", " + messages, "priority must be a 32-bit integer"});
        cases.put("null-priority", new String[] {"\"tenantId\": \"acme\", \"priority\": null, " + messages, "priority must be a 32-bit integer"});
        cases.put("big-priority", new String[] {"\"tenantId\": \"acme\", \"priority\": 10, " + messages, "priority is 10"});
        cases.put("float-priority", new String[] {"\"tenantId\": \"acme\", \"priority\": 5.5, " + messages, "priority must be a 32-bit integer"});
        cases.put("huge-priority", new String[] {"\"tenantId\": \"acme\", \"priority\": 99999999999, " + messages, "priority must be a 32-bit integer"});
        cases.put("string-fallback", new String[] {"\"tenantId\": \"acme\", \"allowFallback\": \"yes\", " + messages, "allowFallback must be true or false"});
        cases.put("null-fallback", new String[] {"\"tenantId\": \"acme\", \"allowFallback\": null, " + messages, "allowFallback must be true or false"});
        cases.put("number-user", new String[] {"\"tenantId\": \"acme\", \"userId\": 12, " + messages, "userId must be"});
        cases.put("blank-user", new String[] {"\"tenantId\": \"acme\", \"userId\": \"\", " + messages, "userId is blank"});
        cases.put("blank-batch", new String[] {"\"tenantId\": \"acme\", \"batchId\": \"\", \"batchSize\": 2, " + messages, "batchId is blank"});
        cases.put("batch-no-size", new String[] {"\"tenantId\": \"acme\", \"batchId\": \"b1\", " + messages, "batchSize must be a positive number"});
        cases.put("size-no-batch", new String[] {"\"tenantId\": \"acme\", \"batchSize\": 3, " + messages, "batchSize is set but batchId is not"});
        cases.put("zero-batch-size", new String[] {"\"tenantId\": \"acme\", \"batchId\": \"b2\", \"batchSize\": 0, " + messages, "batchSize must be a positive"});
        cases.put("string-batch-size", new String[] {"\"tenantId\": \"acme\", \"batchId\": \"b3\", \"batchSize\": \"2\", " + messages, "batchSize must be"});
        cases.put("bad-model-type", new String[] {"\"tenantId\": \"acme\", \"model\": 4, " + messages, "model must be"});
        cases.put("unknown-model", new String[] {"\"tenantId\": \"acme\", \"model\": \"gpt-9\", " + messages, "'gpt-9' is not in the catalog"});
        cases.put("bad-task-type", new String[] {"\"tenantId\": \"acme\", \"taskType\": [\"code\"], " + messages, "taskType must be"});
        cases.put("bad-capabilities", new String[] {"\"tenantId\": \"acme\", \"requiredCapabilities\": \"vision\", " + messages, "requiredCapabilities must be an array"});
        cases.put("bad-capability", new String[] {"\"tenantId\": \"acme\", \"requiredCapabilities\": [1], " + messages, "requiredCapabilities[0] must be"});
        cases.put("zero-output", new String[] {"\"tenantId\": \"acme\", \"maxOutputTokens\": 0, " + messages, "maxOutputTokens is 0"});
        cases.put("string-output", new String[] {"\"tenantId\": \"acme\", \"maxOutputTokens\": \"many\", " + messages, "maxOutputTokens must be"});
        cases.put("hot-temperature", new String[] {"\"tenantId\": \"acme\", \"temperature\": 7, " + messages, "temperature is 7"});
        cases.put("string-temperature", new String[] {"\"tenantId\": \"acme\", \"temperature\": \"warm\", " + messages, "temperature must be"});
        cases.put("negative-cost-cap", new String[] {"\"tenantId\": \"acme\", \"maxCostNanoUsd\": -1, " + messages, "maxCostNanoUsd is -1"});
        cases.put("float-cost-cap", new String[] {"\"tenantId\": \"acme\", \"maxCostNanoUsd\": 1.5, " + messages, "maxCostNanoUsd must be"});
        cases.put("string-deadline", new String[] {"\"tenantId\": \"acme\", \"deadlineMs\": \"soon\", " + messages, "deadlineMs must be"});
        cases.put("string-created", new String[] {"\"tenantId\": \"acme\", \"createdAtMs\": \"now\", " + messages, "createdAtMs must be"});
        cases.put("list-metadata", new String[] {"\"tenantId\": \"acme\", \"metadata\": [1], " + messages, "metadata must be an object"});
        cases.put("number-metadata", new String[] {"\"tenantId\": \"acme\", \"metadata\": {\"k\": 1}, " + messages, "metadata.k must be a string"});
        cases.put("bad-tool-name", new String[] {"\"tenantId\": \"acme\", \"tools\": [{\"name\": \"look up\"}], " + messages, "tools[0].name is 'look up'"});
        cases.put("twice-tool", new String[] {"\"tenantId\": \"acme\", \"tools\": [{\"name\": \"a\"}, {\"name\": \"a\"}], " + messages, "tools[1].name 'a' is offered twice"});
        cases.put("array-parameters", new String[] {"\"tenantId\": \"acme\", \"tools\": [{\"name\": \"a\", \"parametersJson\": [1]}], " + messages, "tools[0].parametersJson must be a JSON object"});
        cases.put("unknown-tool-choice", new String[] {"\"tenantId\": \"acme\", \"tools\": [{\"name\": \"a\"}], \"toolChoice\": \"b\", " + messages, "toolChoice is 'b'"});
        cases.put("remote-ref", new String[] {"\"tenantId\": \"acme\", \"responseFormat\": {\"type\": \"JSON_SCHEMA\", \"schemaJson\": {\"properties\": {\"a\": {\"$ref\": \"http://evil/s.json\"}}}}, " + messages, "refers to 'http://evil/s.json'"});
        cases.put("schema-no-schema", new String[] {"\"tenantId\": \"acme\", \"responseFormat\": {\"type\": \"JSON_SCHEMA\"}, " + messages, "responseFormat.schemaJson is required"});
        cases.put("many-stops", new String[] {"\"tenantId\": \"acme\", \"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"], " + messages, "stop holds 5 sequences"});
        cases.put("wide-top-p", new String[] {"\"tenantId\": \"acme\", \"topP\": 1.5, " + messages, "topP is 1.5"});
        cases.put("assistant-image", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\", \"parts\": [{\"type\": \"IMAGE\", \"imageUrl\": \"https://a/b.png\"}]}]", "messages[1].parts[0] is an image on a assistant message"});
        cases.put("ftp-image", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\", \"parts\": [{\"type\": \"IMAGE\", \"imageUrl\": \"ftp://a/b.png\"}]}]", "messages[0].parts[0].imageUrl must be an http(s) URL"});
        cases.put("untyped-base64", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\", \"parts\": [{\"type\": \"IMAGE\", \"imageBase64\": \"iVBO\"}]}]", "messages[0].parts[0].mediaType is 'null'"});
        cases.put("user-tool-calls", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\", \"content\": \"x\", \"toolCalls\": [{\"id\": \"c\", \"name\": \"a\", \"argumentsJson\": {}}]}]", "messages[0].toolCalls is set on a user message"});
        cases.put("orphan-tool-answer", new String[] {"\"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"tool\", \"toolCallId\": \"c9\", \"content\": \"42\"}]", "messages[1].toolCallId must name a tool call of an earlier assistant message"});
        cases.forEach((id, body) -> json(id, "{\"requestId\": \"" + id + "\", " + body[0] + "}", "application/json"));
        json("42", "{\"requestId\": 42, \"tenantId\": \"acme\", " + messages + "}", "application/json");

        List<TestRecord<String, LlmResult>> ended = output(driver, topics.results).readRecordsToList();
        assertThat(ended).extracting(TestRecord::key).containsExactlyElementsOf(concat(cases.keySet(), "42"));
        for (TestRecord<String, LlmResult> record : ended) {
            LlmResult result = record.value();
            assertThat(result.getStatus()).as(result.getRequestId()).isEqualTo(ResultStatus.REJECTED);
            if (!result.getRequestId().equals("unknown-model")) {
                assertThat(result.getError().getCode()).as(result.getRequestId()).isEqualTo("INVALID_REQUEST");
            }
            String[] expected = cases.get(result.getRequestId());
            if (expected != null) {
                assertThat(result.getError().getMessage()).as(result.getRequestId()).contains(expected[1]);
            }
        }
        assertThat(ended.getLast().value().getError().getMessage()).contains("requestId must be a string");
        assertThat(output(driver, topics.deadLetters).isEmpty()).as("nothing readable is dead-lettered").isTrue();
        assertThat(RouterTestDriver.nextWork(driver, topics)).isNull();
    }

    @Test
    void aRequestWithoutATenantIsRejectedUnderTheReservedEmptyTenantKeepingWhatWasReadable() {
        json("t-1", """
                {"requestId": "t-1", "userId": "ann", "batchId": "b", "batchSize": 2, "metadata": {"trace": "x-1", "n": 5},
                 "messages": [{"role": "user", "content": "hi"}], "createdAtMs": 1700000000000}""", "application/json");
        TestRecord<String, LlmResult> record = output(driver, topics.results).readRecord();
        assertThat(record.value().getTenantId()).isEmpty();
        assertThat(new String(record.headers().lastHeader(Results.TENANT_HEADER).value(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(record.value().getBatchId()).isEqualTo("b");
        assertThat(record.value().getBatchSize()).isEqualTo(2);
        assertThat(record.value().getMetadata()).containsExactly(Map.entry("trace", "x-1"));
        assertThat(record.value().getCreatedAtMs()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(output(driver, topics.budgetReservations).isEmpty()).as("no tenant's budget is touched").isTrue();
    }

    @Test
    void onlyRecordsWithoutAReadableRequestIdAreDeadLettered() {
        String rest = "\"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        json("a", "{" + rest + "}", "application/json");
        json("b", "{\"requestId\": null, " + rest + "}", "application/json");
        json("c", "{\"requestId\": \"  \", " + rest + "}", "application/json");
        json("d", "{\"requestId\": {\"id\": 1}, " + rest + "}", "application/json");
        json("e", "[1, 2]", "application/json");
        json("f", "{\"requestId\": \"f\", ", "application/json");
        var dead = output(driver, topics.deadLetters).readRecordsToList();
        assertThat(dead).hasSize(6);
        assertThat(dead.subList(0, 4)).allSatisfy(record -> assertThat(
                new String(record.headers().lastHeader(DeadLetters.ERROR_CODE).value(), StandardCharsets.UTF_8)).isEqualTo("MISSING_REQUEST_ID"));
        assertThat(output(driver, topics.results).isEmpty()).isTrue();
    }

    @Test
    void theContentTypeHeaderIsReadInAnyLetterCase() {
        String body = "{\"requestId\": \"%s\", \"tenantId\": \"acme\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        json("h-1", body.formatted("h-1"), "Application/JSON", "Content-Type");
        json("h-2", body.formatted("h-2"), "application/json; charset=utf-8", "CONTENT-TYPE");
        assertThat(RouterTestDriver.allWork(driver, topics)).extracting(work -> work.getRequest().getRequestId())
                .containsExactlyInAnyOrder("h-1", "h-2");
        assertThat(output(driver, topics.deadLetters).isEmpty()).isTrue();
    }

    @Test
    void anAvroRequestOfAnotherWritersSchemaIsRejectedNamingTheField() throws Exception {
        avro("v-1", record("v-1", null, "BALANCED", "5"));
        avro("v-2", record("v-2", "acme", "CHEAPEST", "5"));
        avro("v-3", record("v-3", "acme", "COST", "high"));
        List<LlmResult> ended = output(driver, topics.results).readValuesToList();
        assertThat(ended).extracting(r -> r.getRequestId() + " " + r.getStatus() + " " + r.getError().getCode())
                .containsExactly("v-1 REJECTED INVALID_REQUEST", "v-2 REJECTED INVALID_REQUEST", "v-3 REJECTED INVALID_REQUEST");
        assertThat(ended.get(0).getError().getMessage()).contains("tenantId must be a string");
        assertThat(ended.get(0).getTenantId()).isEmpty();
        assertThat(ended.get(1).getError().getMessage()).contains("strategy is 'CHEAPEST'");
        assertThat(ended.get(2).getError().getMessage()).contains("priority must be a 32-bit integer");
        assertThat(output(driver, topics.deadLetters).isEmpty()).isTrue();
    }

    @Test
    void aRequestIdIsExecutedOnceHoweverItIsKeyedAndWhereverItLands() {
        String elsewhere = idPlacedOn(2);
        String onZero = idPlacedOn(0);
        var requests = input(driver, topics.requests);
        // On partition 0 of the driver: where Kafka puts onZero, and where a foreign partitioner put elsewhere.
        for (String id : List.of(elsewhere, onZero)) {
            requests.pipeInput(id, request(id));
            requests.pipeInput((String) null, request(id));
            requests.pipeInput("another-key", request(id));
            requests.pipeInput(id, request(id));
        }
        assertThat(RouterTestDriver.allWork(driver, topics)).extracting(work -> work.getRequest().getRequestId())
                .containsExactlyInAnyOrder(elsewhere, onZero);
        assertThat(output(driver, topics.results).isEmpty()).isTrue();
    }

    @Test
    void aRequestOverALimitIsRejectedAsTooLarge() {
        var requests = input(driver, topics.requests);
        List<Message> many = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            many.add(Messages.text("user", "hi"));
        }
        requests.pipeInput("l-1", LlmRequest.newBuilder(request("l-1")).setMessages(many).build());
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            metadata.put("k" + i, "v");
        }
        requests.pipeInput("l-2", LlmRequest.newBuilder(request("l-2")).setMetadata(metadata).build());
        requests.pipeInput("l-3", LlmRequest.newBuilder(request("l-3")).setMetadata(Map.of("k", "v".repeat(20_000))).build());
        requests.pipeInput("l-4", LlmRequest.newBuilder(request("l-4"))
                .setMessages(List.of(Messages.text("user", "x".repeat(9 << 20)))).build());
        List<LlmResult> ended = output(driver, topics.results).readValuesToList();
        assertThat(ended).extracting(r -> r.getRequestId() + " " + r.getError().getCode())
                .containsExactly("l-1 REQUEST_TOO_LARGE", "l-2 REQUEST_TOO_LARGE", "l-3 REQUEST_TOO_LARGE", "l-4 REQUEST_TOO_LARGE");
        assertThat(ended.get(0).getError().getMessage()).contains("1001 messages");
        assertThat(ended.get(1).getError().getMessage()).contains("65 entries");
        assertThat(ended.get(2).getError().getMessage()).contains("metadata takes");
        assertThat(ended.get(3).getError().getMessage()).contains("more than the limit of 8388608");
    }

    private static LlmRequest request(String id) {
        return LlmRequest.newBuilder().setRequestId(id).setTenantId("acme")
                .setMessages(List.of(Messages.text("user", "Tell me a joke about Kafka."))).build();
    }

    /** A requestId that Kafka's default partitioner puts on {@code partition} of the router's four. */
    private static String idPlacedOn(int partition) {
        for (int i = 0; ; i++) {
            String id = "req-" + i;
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % RouterTestDriver.REQUEST_PARTITIONS == partition) {
                return id;
            }
        }
    }

    private void json(String key, String body, String contentType) {
        json(key, body, contentType, "content-type");
    }

    private void json(String key, String body, String contentType, String headerName) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(headerName, contentType.getBytes(StandardCharsets.UTF_8));
        raw.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8), headers, NOW));
    }

    private static GenericRecord record(String id, String tenant, String strategy, String priority) {
        GenericRecord record = new GenericData.Record(OTHER_WRITER);
        Schema message = OTHER_WRITER.getField("messages").schema().getElementType();
        GenericRecord hello = new GenericData.Record(message);
        hello.put("role", "user");
        hello.put("content", "hello");
        record.put("requestId", id);
        record.put("tenantId", tenant);
        record.put("messages", List.of(hello));
        record.put("strategy", new GenericData.EnumSymbol(OTHER_WRITER.getField("strategy").schema(), strategy));
        record.put("priority", priority);
        return record;
    }

    private void avro(String key, GenericRecord record) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0);
        bytes.write(ByteBuffer.allocate(4).putInt(OTHER_WRITER_ID).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(OTHER_WRITER).write(record, encoder);
        encoder.flush();
        raw.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8), bytes.toByteArray(), new RecordHeaders(), NOW));
    }

    private static List<String> concat(java.util.Collection<String> first, String last) {
        List<String> all = new ArrayList<>(first);
        all.add(last);
        return all;
    }
}
