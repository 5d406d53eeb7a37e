package dev.switchyard.executor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.executor.adapter.AdapterContractTest.Flavour;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import dev.switchyard.schema.serde.TrustedRecords;
import dev.switchyard.sim.Knobs;
import dev.switchyard.sim.SimServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tools, tool results, structured output and images through both adapters, streamed and not, over
 * real HTTP to provider-sim, which answers in each API's own wire format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatSurfaceAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tool WEATHER = new Tool("get_weather", "The forecast for a city",
            "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}, \"days\": {\"type\": \"integer\"}},"
                    + " \"required\": [\"city\"]}");
    private static final Tool TIME = new Tool("get_time", "The local time in a city",
            "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}");
    private static final String FORECAST_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["city", "celsius", "sky"],
             "properties": {"city": {"type": "string"}, "celsius": {"type": "number"},
                            "sky": {"type": "string", "enum": ["sunny", "cloudy", "rain"]}}}""";

    private SimServer sim;

    static Stream<Flavour> flavours() {
        return AdapterContractTest.flavours();
    }

    @BeforeAll
    void startSim() throws Exception {
        TrustedRecords.ensure(); // these records are built before any serde exists
        sim = SimServer.start("127.0.0.1", 0, Knobs.defaults());
    }

    @AfterEach
    void resetKnobs() {
        sim.knobs().reset(Knobs.defaults());
    }

    @AfterAll
    void stopSim() {
        sim.close();
    }

    private static CompletionCall call(List<Message> messages, List<Tool> tools, String toolChoice, ResponseFormat format) {
        return new CompletionCall("claude-sonnet-4-5", messages, 300, null, tools, toolChoice, format, List.of(), null, null);
    }

    private static List<Message> ask(String question) {
        return List.of(Messages.text("system", "Be brief."), Messages.text("user", question));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void aModelThatCallsAToolAnswersWithTheCallAndItsArguments(Flavour flavour) throws Exception {
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion completion = adapter.complete(call(ask("Weather in Paris?"), List.of(WEATHER), null, null));
            assertThat(completion.finishReason()).isEqualTo(Completion.TOOL_CALLS);
            assertThat(completion.toolCalls()).singleElement().satisfies(call -> {
                assertThat(call.getName()).isEqualTo("get_weather");
                assertThat(call.getId()).isNotBlank();
                assertThat(JSON.readTree(call.getArgumentsJson()).has("city")).as(call.getArgumentsJson()).isTrue();
            });
            assertThat(completion.billed()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void severalToolCallsAtOnceComeBackInOrderWithTheirOwnIds(Flavour flavour) throws Exception {
        sim.knobs().set("claude-sonnet-4-5", Knobs.defaults().with(Map.of("toolCalls", 3)));
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion completion = adapter.complete(call(ask("Weather and time in Paris?"), List.of(WEATHER, TIME), "required", null));
            assertThat(completion.toolCalls()).extracting(ToolCall::getName).containsExactly("get_weather", "get_time", "get_weather");
            assertThat(completion.toolCalls()).extracting(ToolCall::getId).doesNotHaveDuplicates();
            for (ToolCall call : completion.toolCalls()) {
                assertThat(JSON.readTree(call.getArgumentsJson()).isObject()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void toolResultsReachTheModelWhichThenAnswersInText(Flavour flavour) throws Exception {
        List<Message> conversation = List.of(Messages.text("user", "Weather and time in Paris?"),
                Messages.toolCalls("", List.of(new ToolCall("call_a", "get_weather", "{\"city\": \"Paris\"}"),
                        new ToolCall("call_b", "get_time", "{\"city\": \"Paris\"}"))),
                Messages.toolResult("call_a", "get_weather", "18 C and sunny"),
                Messages.toolResult("call_b", "get_time", "14:05"));
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion completion = adapter.complete(call(conversation, List.of(WEATHER, TIME), null, null));
            assertThat(completion.toolCalls()).isEmpty();
            assertThat(completion.finishReason()).isEqualTo(Completion.STOP);
            assertThat(completion.content()).contains("14:05");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void aStrictSchemaAnswerIsCheckedAndAValidOneIsTheContent(Flavour flavour) throws Exception {
        ResponseFormat format = new ResponseFormat(ResponseFormatType.JSON_SCHEMA, "forecast", FORECAST_SCHEMA, true);
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion completion = adapter.complete(call(ask("Forecast for Paris as JSON."), List.of(), null, format));
            JsonNode answer = JSON.readTree(completion.content());
            assertThat(answer.has("city") && answer.has("celsius") && answer.has("sky")).as(completion.content()).isTrue();
            assertThat(completion.toolCalls()).as("the forced tool of Anthropic's is the answer, not a call").isEmpty();
            assertThat(completion.finishReason()).isEqualTo(Completion.STOP);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void anAnswerThatBreaksTheStrictSchemaIsAFailedAttemptWithItsUsageBilled(Flavour flavour) {
        sim.knobs().set("claude-sonnet-4-5", Knobs.defaults().with(Map.of("invalidJson", true)));
        ResponseFormat format = new ResponseFormat(ResponseFormatType.JSON_SCHEMA, "forecast", FORECAST_SCHEMA, true);
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> adapter.complete(call(ask("Forecast for Paris as JSON."), List.of(), null, format)))
                    .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                        assertThat(e.outcome()).isEqualTo(AttemptOutcome.INVALID_OUTPUT);
                        assertThat(e.getMessage()).contains("schema");
                        assertThat(e.billedUsage()).as("the provider billed the answer").isNotNull();
                        assertThat(e.billedUsage().billed()).isTrue();
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void imagePartsAreSentAndTheirTokensBilledByTheProvidersFormula(Flavour flavour) throws Exception {
        String png = Base64.getEncoder().encodeToString(png(1024, 1024));
        ContentPart question = new ContentPart(ContentPartType.TEXT, "What is in the picture?", null, null, null, null);
        ContentPart image = new ContentPart(ContentPartType.IMAGE, null, null, png, "image/png", null);
        try (ProviderAdapter adapter = flavour.adapter(sim, Duration.ofSeconds(10))) {
            Completion textOnly = adapter.complete(call(List.of(Messages.parts("user", List.of(question))), List.of(), null, null));
            Completion withImage = adapter.complete(call(List.of(Messages.parts("user", List.of(question, image))), List.of(), null, null));
            // OpenAI: 85 + 170 x 4 tiles of 512 px (1024 x 1024 at high detail, shortest side 768 -> 768 x 768);
            // Anthropic: ceil(1024 x 1024 / 750).
            int imageTokens = flavour.name().equals("openai") ? 85 + 170 * 4 : (int) Math.ceil(1024 * 1024 / 750.0);
            assertThat(withImage.inputTokens() - textOnly.inputTokens()).isEqualTo(imageTokens);
            assertThat(withImage.content()).isNotBlank();
        }
    }

    private static byte[] png(int width, int height) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return bytes.toByteArray();
    }
}
