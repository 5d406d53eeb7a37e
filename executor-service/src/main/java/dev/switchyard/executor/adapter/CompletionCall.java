package dev.switchyard.executor.adapter;

import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import java.util.List;

/**
 * One call to a provider, in Switchyard's terms; adapters translate it to their wire format.
 *
 * @param maxOutputTokens always set: the router caps every request, so its cost is bounded
 * @param temperature     null leaves the provider's default, as do topP and seed
 * @param toolChoice      null (auto), none, required, or a tool's name
 * @param responseFormat  null for text
 */
public record CompletionCall(String model, List<Message> messages, int maxOutputTokens, Float temperature, List<Tool> tools,
                             String toolChoice, ResponseFormat responseFormat, List<String> stop, Float topP, Long seed) {

    /** A text call with no tools, format or sampling beyond temperature. */
    public CompletionCall(String model, List<Message> messages, int maxOutputTokens, Float temperature) {
        this(model, messages, maxOutputTokens, temperature, List.of(), null, null, List.of(), null, null);
    }

    /** The call a routed request makes on {@code model}. */
    public static CompletionCall of(String model, LlmRequest request) {
        return new CompletionCall(model, request.getMessages(), request.getMaxOutputTokens(), request.getTemperature(),
                request.getTools(), request.getToolChoice(), request.getResponseFormat(), request.getStop(), request.getTopP(),
                request.getSeed());
    }

    /**
     * A call with every kind of message, which each adapter serializes once when it is built.
     * The SDKs' first (de)serialization walks Kotlin reflection under a lock and initialises
     * classes, which pins carrier threads: a thousand virtual threads doing it at once on two
     * cores stalled for minutes. Paying it once, on the constructing platform thread, avoids that.
     */
    public static final CompletionCall WARM_UP = new CompletionCall("warm-up", List.of(
            Messages.text("system", "be brief"),
            Messages.parts("user", List.of(new ContentPart(ContentPartType.TEXT, "what is this?", null, null, null, null),
                    new ContentPart(ContentPartType.IMAGE, null, "https://example.com/a.png", null, null, "low"),
                    new ContentPart(ContentPartType.IMAGE, null, null, "iVBORw0KGgo=", "image/png", null))),
            Messages.toolCalls("", List.of(new ToolCall("call_1", "look", "{\"q\": \"a\"}"))),
            Messages.toolResult("call_1", "look", "a cat"),
            Messages.text("assistant", "a cat"),
            Messages.text("user", "again")), 1, 0.5f,
            List.of(new Tool("look", "looks something up", "{\"type\": \"object\", \"properties\": {\"q\": {\"type\": \"string\"}}}")),
            "auto", new ResponseFormat(ResponseFormatType.JSON_SCHEMA, "answer", "{\"type\": \"object\"}", true), List.of("END"),
            0.9f, 1L);
}
