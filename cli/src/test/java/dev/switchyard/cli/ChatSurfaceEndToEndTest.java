package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.core.catalog.ModelPrice;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Tool;
import dev.switchyard.sim.Knobs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tools, structured output and images through the whole pipeline on a real broker: a conversation
 * that calls a tool, answers from the tool's result and then answers in a strict JSON schema; an
 * answer that breaks its schema moving to the next model; and an image's tokens billed exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatSurfaceEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tool WEATHER = new Tool("get_weather", "The forecast for a city",
            "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}");
    private static final String PACKING_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["umbrella", "items"],
             "properties": {"umbrella": {"type": "boolean"}, "items": {"type": "array", "items": {"type": "string"}}}}""";

    private InProcessStack stack;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        stack = new InProcessStack().startServices();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void resetKnobs() {
        stack.sim.knobs().reset(Knobs.defaults());
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
    void aToolConversationOfThreeTurnsCallsTheToolAnswersFromItsResultAndThenInTheSchema() throws Exception {
        List<Message> conversation = new ArrayList<>(List.of(Messages.text("system", "You help travellers pack."),
                Messages.text("user", "Will it rain in Paris tomorrow?")));

        LlmResult called = send(request("tool-1", conversation).setTools(List.of(WEATHER)).build());
        assertThat(called.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(called.getFinishReason()).isEqualTo("tool_calls");
        assertThat(called.getToolCalls()).singleElement().satisfies(call -> {
            assertThat(call.getName()).isEqualTo("get_weather");
            assertThat(JSON.readTree(call.getArgumentsJson()).has("city")).isTrue();
        });
        assertThat(stack.catalog.model(called.getModel()).orElseThrow().capabilities()).contains("tools");

        conversation.add(Messages.toolCalls(called.getContent(), called.getToolCalls()));
        conversation.add(Messages.toolResult(called.getToolCalls().getFirst().getId(), "get_weather", "rain all day, 12 C"));
        LlmResult answered = send(request("tool-2", conversation).setTools(List.of(WEATHER)).build());
        assertThat(answered.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(answered.getToolCalls()).isEmpty();
        assertThat(answered.getFinishReason()).isEqualTo("stop");
        assertThat(answered.getContent()).as("the model read the tool's result").contains("rain all day, 12 C");

        conversation.add(Messages.text("assistant", answered.getContent()));
        conversation.add(Messages.text("user", "Then what should I pack? Answer as JSON."));
        LlmResult packed = send(request("tool-3", conversation).setTools(List.of(WEATHER)).setToolChoice("none")
                .setResponseFormat(new ResponseFormat(ResponseFormatType.JSON_SCHEMA, "packing", PACKING_SCHEMA, true)).build());
        assertThat(packed.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        JsonNode packing = JSON.readTree(packed.getContent());
        assertThat(packing.get("umbrella").isBoolean()).as(packed.getContent()).isTrue();
        assertThat(packing.get("items").isArray()).as(packed.getContent()).isTrue();
        assertThat(stack.catalog.model(packed.getModel()).orElseThrow().capabilities()).contains("json", "tools");
    }

    @Test
    void anAnswerThatBreaksItsSchemaIsAnInvalidOutputAttemptThatMovesOnAndIsBilled() throws Exception {
        stack.sim.knobs().reset(Knobs.defaults().with(Map.of("invalidJson", true)));
        LlmResult result = send(request("schema-bad", List.of(Messages.text("user", "What should I pack for Paris?")))
                .setResponseFormat(new ResponseFormat(ResponseFormatType.JSON_SCHEMA, "packing", PACKING_SCHEMA, true)).build());
        assertThat(result.getStatus()).as("never a success with an answer that breaks the schema").isEqualTo(ResultStatus.FAILED);
        assertThat(result.getContent()).isNull();
        assertThat(result.getAttempts()).hasSizeGreaterThan(1).allSatisfy(attempt -> {
            assertThat(attempt.getOutcome()).isEqualTo("invalid_output");
            assertThat(attempt.getCostNanoUsd()).as("each answer was billed by its provider").isPositive();
        });
        assertThat(result.getAttempts()).extracting(Attempt::getModel).doesNotHaveDuplicates();
        assertThat(result.getCostNanoUsd()).isEqualTo(result.getAttempts().stream().mapToLong(Attempt::getCostNanoUsd).sum());
    }

    @Test
    void anImagesTokensAreBilledExactlyByTheProvidersFormula() throws Exception {
        ContentPart question = new ContentPart(ContentPartType.TEXT, "What is in the picture?", null, null, null, null);
        ContentPart image = new ContentPart(ContentPartType.IMAGE, null, null,
                Base64.getEncoder().encodeToString(png(1024, 1024)), "image/png", "high");
        LlmResult textOnly = send(request("image-0", List.of(Messages.parts("user", List.of(question)))).setModel("gpt-4o").build());
        LlmResult withImage = send(request("image-1", List.of(Messages.parts("user", List.of(question, image)))).setModel("gpt-4o").build());
        assertThat(withImage.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        // 1024 x 1024 at high detail: shortest side to 768, 2 x 2 tiles of 512 px, 85 + 170 x 4 tokens.
        assertThat(withImage.getInputTokens() - textOnly.getInputTokens()).isEqualTo(765);
        ModelPrice price = stack.catalog.model("gpt-4o").orElseThrow().price();
        assertThat(withImage.getCostNanoUsd()).isEqualTo(price.costNanoUsd(withImage.getInputTokens(),
                withImage.getCachedInputTokens(), withImage.getOutputTokens(), withImage.getCacheWriteInputTokens()));
    }

    private static LlmRequest.Builder request(String id, List<Message> messages) {
        return LlmRequest.newBuilder().setRequestId(id).setTenantId("chat-surface").setMessages(List.copyOf(messages))
                .setMaxOutputTokens(200);
    }

    private LlmResult send(LlmRequest request) throws Exception {
        byte[] value = stack.topics.requests.valueSerde().serializer().serialize(stack.topics.requests.name(), request);
        producer.send(new ProducerRecord<>(stack.topics.requests.name(), request.getRequestId(), value)).get();
        try (TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, true)) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (TopicReader.Entry<String, LlmResult> entry : results.poll(Duration.ofMillis(200))) {
                    if (entry.value().getRequestId().equals(request.getRequestId())) {
                        return entry.value();
                    }
                }
            }
        }
        throw new AssertionError("no result for " + request.getRequestId() + " within " + PATIENCE);
    }

    private static byte[] png(int width, int height) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return bytes.toByteArray();
    }
}
