package dev.switchyard.router;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;
import static dev.switchyard.core.testing.TopologyTopics.rawInput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.deadletter.DeadLetters;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.serde.RequestDeserializer;
import dev.switchyard.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, LlmRequest> requests;
    private TestOutputTopic<String, LlmResult> results;

    @BeforeEach
    void buildTopology() {
        driver = RouterTestDriver.create(topics, NOW);
        requests = input(driver, topics.requests);
        results = output(driver, topics.results);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private WorkItem nextWork() {
        return RouterTestDriver.nextWork(driver, topics);
    }

    private static LlmRequest.Builder request(String id) {
        return LlmRequest.newBuilder().setRequestId(id).setTenantId("acme")
                .setMessages(List.of(Messages.text("user", "Summarize the plot of Hamlet in one line.")));
    }

    @Test
    void dispatchesAValidRequestKeyedByRequestIdWithACappedOutputAndAFallbackChain() {
        requests.pipeInput(null, request("r-1").setStrategy(Strategy.COST).build());

        TestRecord<String, WorkItem> routed = output(driver, topics.work("mistral")).readRecord();
        assertThat(routed.key()).isEqualTo("r-1");
        WorkItem work = routed.value();
        assertThat(work.getModel()).isEqualTo("mistral-small-3-2");
        assertThat(work.getAttempt()).isEqualTo(1);
        assertThat(work.getRequest().getMaxOutputTokens()).isEqualTo(1024);
        assertThat(work.getRequest().getCreatedAtMs()).isEqualTo(NOW);
        assertThat(work.getRouting().getTaskType()).isEqualTo("summarize");
        assertThat(work.getRouting().getFallbackChain()).hasSize(3).doesNotContain("mistral-small-3-2");
        assertThat(work.getRouting().getReason())
                .isEqualTo("mistral-small-3-2: cheapest with summarize quality >= 0.55 (SIMPLE); classified summarize, SIMPLE by rules");
        assertThat(work.getRouting().getClassifierVersion()).isEqualTo("rules");
        assertThat(work.getRouting().getConfidence()).as("the rules give no probabilities").isNull();
        // Worst case on mistral-small-3-2: 28 input tokens (its tokenizer is not in Java: 13 of cl100k_base for the
        // text and its role, x 1.5, plus 8 of framing) at $0.10/M = 2,800 nano, plus the 1,024-token output cap at
        // $0.30/M = 307,200 nano.
        assertThat(work.getRouting().getEstimatedCostNanoUsd()).isEqualTo(310_000L);
        assertThat(routed.headers().toArray()).isEmpty();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void neverSendsWorkToAModelWhoseCircuitIsOpenWhileAnotherIsEligible() {
        requests.pipeInput("q-1", request("q-1").setStrategy(Strategy.QUALITY).build());
        assertThat(nextWork().getModel()).isEqualTo("claude-opus-4-1");

        input(driver, topics.modelStats).pipeInput("claude-opus-4-1", opusStats(CircuitState.OPEN));
        requests.pipeInput("q-2", request("q-2").setStrategy(Strategy.QUALITY).build());
        WorkItem avoided = nextWork();
        assertThat(avoided.getModel()).isEqualTo("claude-sonnet-4-5");
        assertThat(avoided.getRouting().getFallbackChain()).doesNotContain("claude-opus-4-1");

        requests.pipeInput("q-3", request("q-3").setModel("claude-opus-4-1").build());
        assertThat(nextWork().getModel()).as("a pinned model is the only eligible one: it is still tried").isEqualTo("claude-opus-4-1");
    }

    @Test
    void routesByAModelsLatestStats_andAnUnreadableStatsRecordLeavesTheLastGoodOne() {
        input(driver, topics.modelStats).pipeInput("claude-opus-4-1", opusStats(CircuitState.OPEN));
        requests.pipeInput("s-1", request("s-1").setStrategy(Strategy.QUALITY).build());
        assertThat(nextWork().getModel()).isEqualTo("claude-sonnet-4-5");

        rawInput(driver, topics.modelStats).pipeInput("claude-opus-4-1".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 42, 1});
        requests.pipeInput("s-2", request("s-2").setStrategy(Strategy.QUALITY).build());
        assertThat(nextWork().getModel()).as("the open circuit still stands").isEqualTo("claude-sonnet-4-5");

        input(driver, topics.modelStats).pipeInput("claude-opus-4-1", opusStats(CircuitState.CLOSED));
        requests.pipeInput("s-3", request("s-3").setStrategy(Strategy.QUALITY).build());
        assertThat(nextWork().getModel()).as("its circuit closed again").isEqualTo("claude-opus-4-1");
    }

    private static ModelStats opusStats(CircuitState circuit) {
        return ModelStats.newBuilder().setModel("claude-opus-4-1").setProvider("anthropic").setCircuit(circuit).setLatencyMs(900)
                .setSuccessRate(0.1).setSamples(40).setUpdatedAtMs(NOW).build();
    }

    @Test
    void requestsOfTenantsWithoutBudgetsAreRoutedInOneHopAndBudgetedOnesByTheirTenantsWriter() {
        requests.pipeInput("free-1", request("free-1").build());
        requests.pipeInput("free-2", request("free-2").setStrategy(Strategy.PREFERENCE).build());
        assertThat(nextWork().getRequest().getRequestId()).isEqualTo("free-1");
        assertThat(nextWork().getRequest().getRequestId()).isEqualTo("free-2");
        assertThat(driver.producedTopicNames()).as("no repartition for a tenant without budgets, PREFERENCE included")
                .noneMatch(topic -> topic.endsWith("by-tenant-repartition"));

        input(driver, topics.budgetPolicies).pipeInput("user:acme/ada", dev.switchyard.schema.BudgetPolicy.newBuilder()
                .setOwner("user:acme/ada").setLimitNanoUsd(1_000_000_000L).setPeriod(dev.switchyard.schema.BudgetPeriod.DAILY).build());
        requests.pipeInput("paid-1", request("paid-1").setUserId("ada").build());
        assertThat(nextWork().getRequest().getRequestId()).isEqualTo("paid-1");
        assertThat(driver.producedTopicNames()).as("a budgeted user's request goes to the tenant's single writer")
                .anyMatch(topic -> topic.endsWith("by-tenant-repartition"));

        requests.pipeInput("free-1", request("free-1").build());
        assertThat(nextWork()).as("a duplicate is dropped by the request core").isNull();
    }

    @Test
    void requestsOfACancelledBatchEndRejectedAndOtherBatchesRunOn() {
        input(driver, topics.batchCancellations).pipeInput("b-stop",
                new dev.switchyard.schema.internal.BatchCancellation("b-stop", "acme", NOW));
        requests.pipeInput("c-1", request("c-1").setBatchId("b-stop").setBatchSize(2).build());
        requests.pipeInput("c-2", request("c-2").setBatchId("b-go").setBatchSize(2).build());

        LlmResult cancelled = results.readValue();
        assertThat(cancelled.getRequestId()).isEqualTo("c-1");
        assertThat(cancelled.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(cancelled.getError().getCode()).isEqualTo("BATCH_CANCELLED");
        assertThat(results.isEmpty()).isTrue();
        assertThat(nextWork().getRequest().getRequestId()).isEqualTo("c-2");
    }

    @Test
    void aRequestIdSeenAgainIsNotExecutedAgain() {
        requests.pipeInput("dup", request("dup").build());
        requests.pipeInput("dup", request("dup").setTenantId("acme").build(), NOW.plusSeconds(3600));
        requests.pipeInput("dup", request("dup").build(), NOW.plus(java.time.Duration.ofHours(23)));
        assertThat(RouterTestDriver.allWork(driver, topics)).hasSize(1);
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void highPriorityGoesToTheProvidersHighPriorityTopic() {
        requests.pipeInput("urgent", request("urgent").setModel("gpt-4o-mini").setPriority(9).build());
        requests.pipeInput("normal", request("normal").setModel("gpt-4o-mini").setPriority(7).build());
        assertThat(output(driver, topics.priorityWork("openai")).readValue().getRequest().getRequestId()).isEqualTo("urgent");
        assertThat(output(driver, topics.work("openai")).readValue().getRequest().getRequestId()).isEqualTo("normal");
    }

    @Test
    void aPinnedModelGoesToItsProviderAndNoFallbackWhenFallbackIsOff() {
        requests.pipeInput("r-2", request("r-2").setModel("claude-haiku-4-5").setAllowFallback(false).build());
        WorkItem work = output(driver, topics.work("anthropic")).readValue();
        assertThat(work.getModel()).isEqualTo("claude-haiku-4-5");
        assertThat(work.getRouting().getReason()).contains("pinned");
        assertThat(work.getRouting().getFallbackChain()).isEmpty();
    }

    @Test
    void requiredCapabilitiesAndContextWindowsFilterModels() {
        // 600,000 tokens, estimated at 900,000 where the tokenizer is unknown: only the 1M-context models fit.
        String longPrompt = "word ".repeat(600_000);
        requests.pipeInput("r-3", request("r-3").setMessages(List.of(Messages.text("user", longPrompt)))
                .setRequiredCapabilities(List.of("vision")).build());
        WorkItem work = nextWork();
        List<String> chosen = new java.util.ArrayList<>(work.getRouting().getFallbackChain());
        chosen.add(work.getModel());
        assertThat(chosen).hasSize(4).allSatisfy(id -> {
            var model = dev.switchyard.core.catalog.CatalogLoader.defaultCatalog().model(id).orElseThrow();
            assertThat(model.capabilities()).contains("vision");
            assertThat(model.contextWindow()).isGreaterThan(1_000_000);
        });
    }

    @Test
    void toolsJsonSchemasAndImagesImplyTheCapabilitiesTheyNeed() {
        var image = new ContentPart(ContentPartType.IMAGE, null,
                "https://example.com/chart.png", null, null, "low");
        var text = new ContentPart(ContentPartType.TEXT, "what does it show?",
                null, null, null, null);
        requests.pipeInput("r-cap", request("r-cap").setMessages(List.of(Messages.parts("user", List.of(text, image))))
                .setTools(List.of(new Tool("lookup", null, "{\"type\": \"object\"}")))
                .setResponseFormat(new ResponseFormat(ResponseFormatType.JSON_SCHEMA,
                        "answer", "{\"type\": \"object\"}", true))
                .build());
        WorkItem work = nextWork();
        List<String> chosen = new java.util.ArrayList<>(work.getRouting().getFallbackChain());
        chosen.add(work.getModel());
        assertThat(chosen).isNotEmpty().allSatisfy(id -> assertThat(
                dev.switchyard.core.catalog.CatalogLoader.defaultCatalog().model(id).orElseThrow().capabilities())
                .as(id).contains("tools", "json", "vision"));
    }

    @Test
    void aToolConversationNeedsAToolsModelEvenWithoutToolsOnOffer() {
        var call = new ToolCall("call_1", "lookup", "{}");
        requests.pipeInput("r-pin", request("r-pin").setModel("deepseek-reasoner").setAllowFallback(false)
                .setMessages(List.of(Messages.text("user", "weather?"), Messages.toolCalls("", List.of(call)),
                        Messages.toolResult("call_1", "lookup", "sunny"))).build());
        LlmResult rejected = results.readValue();
        assertThat(rejected.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(rejected.getError().getMessage()).contains("deepseek-reasoner", "tools");
    }

    @Test
    void invalidRequestsEndRejectedWithAPreciseCodeAndTheContractHeaders() {
        requests.pipeInput("bad-1", request("bad-1").setMessages(List.of(Messages.text("system", "no question"))).build());
        requests.pipeInput("bad-2", request("bad-2").setModel("gpt-9").build());
        requests.pipeInput("bad-3", request("bad-3").setMaxOutputTokens(50_000_000).build());
        requests.pipeInput("bad-4", request("bad-4").setMessages(List.of(Messages.text("user", "x".repeat(8_000_000)))).build());
        requests.pipeInput("bad-5", request("bad-5").setRequiredCapabilities(List.of("telepathy")).build());
        requests.pipeInput("bad-6", request("bad-6").setMaxCostNanoUsd(10L).build());
        requests.pipeInput("bad-7", request("bad-7").setBatchId("b").setBatchSize(null).build());
        requests.pipeInput("late", request("late").setDeadlineMs(NOW.minusSeconds(1)).build());

        List<TestRecord<String, LlmResult>> ended = results.readRecordsToList();
        assertThat(ended).extracting(r -> r.value().getRequestId() + " " + r.value().getStatus() + " " + r.value().getError().getCode())
                .containsExactly(
                        "bad-1 REJECTED INVALID_REQUEST",
                        "bad-2 REJECTED UNKNOWN_MODEL",
                        "bad-3 REJECTED INVALID_REQUEST",
                        "bad-4 REJECTED PROMPT_TOO_LARGE",
                        "bad-5 REJECTED NO_ELIGIBLE_MODEL",
                        "bad-6 REJECTED MAX_COST_EXCEEDED",
                        "bad-7 REJECTED INVALID_REQUEST",
                        "late EXPIRED DEADLINE_EXCEEDED");
        assertThat(ended.getFirst().value().getError().getMessage()).contains("role 'user'");
        assertThat(ended.get(1).value().getError().getMessage()).contains("'gpt-9' is not in the catalog");
        assertThat(ended.get(5).value().getRouting()).as("a cost rejection explains the routing it refused").isNotNull();
        assertThat(ended).allSatisfy(r -> {
            assertThat(new String(r.headers().lastHeader(Results.TENANT_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("acme");
            assertThat(r.value().getCompletedAtMs()).isEqualTo(NOW);
        });
        assertThat(new String(ended.get(6).headers().lastHeader(Results.BATCH_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(nextWork()).isNull();
    }

    @Test
    void unreadableBytesGoToTheDeadLetterTopicUnchangedAndTheStreamGoesOn() {
        TestInputTopic<byte[], byte[]> raw = rawInput(driver, topics.requests);
        byte[] garbage = "\u0000\u0000\u0000\u0003\u00e9garbage".getBytes(StandardCharsets.ISO_8859_1);
        raw.pipeInput("k-1".getBytes(StandardCharsets.UTF_8), garbage);
        raw.pipeInput("k-2".getBytes(StandardCharsets.UTF_8), "{\"requestId\": 7}".getBytes(StandardCharsets.UTF_8));
        requests.pipeInput("blank", request(" ").build());
        requests.pipeInput("ok", request("ok").build());

        TestOutputTopic<byte[], byte[]> dlq = output(driver, topics.deadLetters);
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(dead.getFirst().key()).isEqualTo("k-1".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.getFirst().value()).isEqualTo(garbage);
        assertThat(header(dead.get(0), DeadLetters.ERROR_CODE)).isEqualTo("UNREADABLE_RECORD");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_TOPIC)).isEqualTo("llm.requests");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead.get(1), DeadLetters.ERROR_MESSAGE)).contains("content-type");
        assertThat(header(dead.get(2), DeadLetters.ERROR_CODE)).isEqualTo("MISSING_REQUEST_ID");
        assertThat(nextWork().getRequest().getRequestId()).isEqualTo("ok");
    }

    @Test
    void jsonRequestsAreRoutedLikeAvroOnes() {
        TestInputTopic<byte[], byte[]> raw = rawInput(driver, topics.requests);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDeserializer.CONTENT_TYPE_HEADER, "application/json".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput(new TestRecord<>(null, """
                {"requestId": "j-1", "tenantId": "acme", "model": "auto", "strategy": "latency", "requiredCapabilities": ["vision"],
                 "messages": [{"role": "user", "content": "hello"}]}""".getBytes(StandardCharsets.UTF_8), headers, NOW));
        TestRecord<String, WorkItem> routed = output(driver, topics.work("openai")).readRecord();
        assertThat(routed.key()).isEqualTo("j-1");
        assertThat(routed.value().getRouting().getStrategy().name()).isEqualTo("LATENCY");
        assertThat(routed.headers().lastHeader(RequestDeserializer.CONTENT_TYPE_HEADER))
                .as("the JSON content type describes the input, not the work item").isNull();
    }

    private static String header(TestRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
