package dev.switchyard.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.ToolCall;
import dev.switchyard.schema.serde.TrustedRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void trustRecords() {
        TrustedRecords.ensure();
    }

    private static LlmRequest.Builder builder() {
        return LlmRequest.newBuilder().setRequestId("r").setTenantId("t").setMessages(List.of()).setMetadata(Map.of("custom_id", "c"));
    }

    @Test
    void everyCarriedFieldLandsOnTheRequest() throws Exception {
        JsonNode body = JSON.readTree("""
                {"model": "gpt-4o", "max_completion_tokens": 99, "temperature": 0.5, "top_p": 0.9, "seed": 42, "stop": "END",
                 "user": "ana", "metadata": {"team": "ops"}, "n": 1, "stream": false, "logprobs": null,
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "The forecast",
                            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
                 "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
                 "response_format": {"type": "json_schema", "json_schema": {"name": "w", "strict": true, "schema": {"type": "object"}}},
                 "messages": [
                   {"role": "developer", "content": "Be brief."},
                   {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                                {"type": "image_url", "image_url": {"url": "https://a/b.png", "detail": "low"}}]},
                   {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                                                      "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Oslo\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": "snow"}]}""");
        LlmRequest.Builder request = builder();
        assertThat(ChatBody.read(body, request)).isEmpty();
        LlmRequest built = request.build();
        assertThat(built.getModel()).isEqualTo("gpt-4o");
        assertThat(built.getMaxOutputTokens()).isEqualTo(99);
        assertThat(built.getTopP()).isEqualTo(0.9f);
        assertThat(built.getSeed()).isEqualTo(42L);
        assertThat(built.getStop()).containsExactly("END");
        assertThat(built.getUserId()).isEqualTo("ana");
        assertThat(built.getMetadata()).containsEntry("team", "ops").containsEntry("custom_id", "c");
        assertThat(built.getTools()).singleElement().satisfies(tool -> {
            assertThat(tool.getName()).isEqualTo("get_weather");
            assertThat(JSON.readTree(tool.getParametersJson()).at("/properties/city/type").asText()).isEqualTo("string");
        });
        assertThat(built.getToolChoice()).isEqualTo("get_weather");
        assertThat(built.getResponseFormat().getType()).isEqualTo(ResponseFormatType.JSON_SCHEMA);
        assertThat(built.getResponseFormat().getStrict()).isTrue();
        List<Message> messages = built.getMessages();
        assertThat(messages).extracting(Message::getRole).containsExactly("system", "user", "assistant", "tool");
        assertThat(messages.get(1).getParts()).extracting(part -> part.getType()).containsExactly(ContentPartType.TEXT, ContentPartType.IMAGE);
        assertThat(messages.get(1).getParts().get(1).getDetail()).isEqualTo("low");
        assertThat(messages.get(2).getToolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{\"city\": \"Oslo\"}"));
        assertThat(messages.get(3).getToolCallId()).isEqualTo("call_1");
        assertThat(messages.get(3).getContent()).isEqualTo("snow");
    }

    @Test
    void whatSwitchyardDoesNotDoIsRefusedByName() throws Exception {
        JsonNode body = JSON.readTree("""
                {"messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {}}], "name": "ana"},
                              {"role": "function", "content": "x"}],
                 "n": 2, "logit_bias": {"1": 5}, "stream": true, "tools": [{"type": "custom", "custom": {"name": "x"}}],
                 "response_format": {"type": "yaml"}}""");
        List<String> problems = ChatBody.read(body, builder());
        assertThat(problems).anyMatch(p -> p.startsWith("body.n is supported only as 1"))
                .anyMatch(p -> p.equals("body.logit_bias is not supported"))
                .anyMatch(p -> p.startsWith("body.stream is supported only as false"))
                .anyMatch(p -> p.startsWith("body.messages[0].content[0].type 'input_audio'"))
                .anyMatch(p -> p.equals("body.messages[0].name is not supported"))
                .anyMatch(p -> p.startsWith("body.messages[1].role 'function'"))
                .anyMatch(p -> p.startsWith("body.tools[0].type 'custom'"))
                .anyMatch(p -> p.startsWith("body.response_format.type 'yaml'"));
    }

    @Test
    void anUnsupportedFieldFailsTheFileWithItsLineNumber() throws Exception {
        Path file = Files.createTempFile("batch", ".jsonl");
        Files.writeString(file, """
                {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": "hi"}]}}

                {"custom_id": "b", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": "hi"}], "audio": {}}}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenAiBatchInput.read(file, "b1", "t", null))
                .isInstanceOf(OpenAiBatchInput.InvalidBatchException.class)
                .hasMessageContaining("line 3: body.audio is not supported")
                .hasMessageNotContaining("line 1:");
    }

    @Test
    void outputLinesCarryToolCallsAndJsonAsOpenAiReturnsThem() throws Exception {
        LlmResult called = result().setToolCalls(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")))
                .setFinishReason("tool_calls").setContent("").build();
        JsonNode line = JSON.readTree(OpenAiBatchOutput.line(called));
        JsonNode choice = line.at("/response/body/choices/0");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        assertThat(choice.at("/message/refusal").isNull()).isTrue();
        assertThat(choice.at("/message/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(choice.at("/message/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(choice.at("/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(choice.at("/message/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");

        JsonNode json = JSON.readTree(OpenAiBatchOutput.line(result().setContent("{\"a\": 1}").setFinishReason("stop").build()));
        assertThat(json.at("/response/body/choices/0/message/content").asText()).isEqualTo("{\"a\": 1}");
        assertThat(json.at("/response/body/choices/0/message").has("tool_calls")).isFalse();
        assertThat(json.path("error").isNull()).isTrue();
    }

    private static LlmResult.Builder result() {
        return LlmResult.newBuilder().setRequestId("b1:c").setTenantId("t").setStatus(ResultStatus.SUCCEEDED).setModel("gpt-4o")
                .setProvider("openai").setMetadata(Map.of("custom_id", "c")).setAttempts(List.of())
                .setCreatedAtMs(Instant.EPOCH).setCompletedAtMs(Instant.EPOCH);
    }
}
