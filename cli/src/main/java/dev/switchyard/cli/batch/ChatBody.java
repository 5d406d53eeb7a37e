package dev.switchyard.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OpenAI chat-completions body as the fields of an {@link LlmRequest}, every field of it
 * carried or refused: nothing is dropped without a word. Carried: model, messages (string or part
 * content, text and image_url parts, assistant tool_calls, tool messages; {@code developer} reads
 * as {@code system}, as OpenAI reads it), max_tokens and max_completion_tokens, temperature,
 * top_p, seed, stop, tools, tool_choice, response_format, {@code user} (the request's user, in
 * place of the batch's) and {@code metadata} (kept with the result). A field that asks for what
 * Switchyard does not do is refused by name, unless its value is the default, which asks for
 * nothing: {@code n} 1, {@code stream} false, {@code parallel_tool_calls} true (models may call
 * several tools either way), {@code store} false, {@code logprobs} false, and zero presence or
 * frequency penalties. A null field is an absent one, as OpenAI reads it.
 */
final class ChatBody {

    private static final Set<String> CARRIED = Set.of("model", "messages", "max_tokens", "max_completion_tokens", "temperature",
            "top_p", "seed", "stop", "tools", "tool_choice", "response_format", "user", "metadata");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, JsonNode> HARMLESS_DEFAULTS = Map.of(
            "n", NODES.numberNode(1), "stream", NODES.booleanNode(false), "parallel_tool_calls", NODES.booleanNode(true),
            "store", NODES.booleanNode(false), "logprobs", NODES.booleanNode(false),
            "presence_penalty", NODES.numberNode(0), "frequency_penalty", NODES.numberNode(0));
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "tool_calls", "tool_call_id");
    private static final Map<String, String> ROLES = Map.of("system", "system", "developer", "system", "user", "user",
            "assistant", "assistant", "tool", "tool");

    private final List<String> problems = new ArrayList<>();

    private ChatBody() {
    }

    /** Fills {@code request} from {@code body}; the problems found, each naming its field, empty when there are none. */
    static List<String> read(JsonNode body, LlmRequest.Builder request) {
        ChatBody reader = new ChatBody();
        reader.fill(body, request);
        return reader.problems;
    }

    private void fill(JsonNode body, LlmRequest.Builder request) {
        if (!body.isObject()) {
            problems.add("body must be an object");
            return;
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode harmless = HARMLESS_DEFAULTS.get(field.getKey());
            boolean accepted = CARRIED.contains(field.getKey()) || field.getValue().isNull()
                    || (harmless != null && sameValue(harmless, field.getValue()));
            if (!accepted) {
                problems.add("body." + field.getKey() + (harmless == null ? " is not supported"
                        : " is supported only as " + harmless + " (it is " + field.getValue() + ")"));
            }
        }
        request.setModel(text(body, "model"));
        request.setMessages(messages(body.path("messages")));
        JsonNode cap = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        request.setMaxOutputTokens(cap == null || cap.isNull() ? null : cap.asInt());
        request.setTemperature(body.hasNonNull("temperature") ? (float) body.get("temperature").asDouble() : null);
        request.setTopP(body.hasNonNull("top_p") ? (float) body.get("top_p").asDouble() : null);
        request.setSeed(body.hasNonNull("seed") ? body.get("seed").asLong() : null);
        request.setStop(stop(body.path("stop")));
        request.setTools(tools(body.path("tools")));
        request.setToolChoice(toolChoice(body.path("tool_choice")));
        request.setResponseFormat(responseFormat(body.path("response_format")));
        if (body.hasNonNull("user")) {
            request.setUserId(body.get("user").asText());
        }
        if (body.path("metadata").isObject()) {
            Map<String, String> metadata = new LinkedHashMap<>(request.getMetadata());
            body.get("metadata").properties().forEach(entry -> metadata.putIfAbsent(entry.getKey(), entry.getValue().asText()));
            request.setMetadata(metadata);
        }
    }

    private List<Message> messages(JsonNode messages) {
        List<Message> read = new ArrayList<>();
        if (!messages.isArray() || messages.isEmpty()) {
            problems.add("body.messages is missing or empty");
            return read;
        }
        for (int i = 0; i < messages.size(); i++) {
            String field = "body.messages[" + i + "]";
            JsonNode message = messages.get(i);
            message.properties().forEach(entry -> {
                if (!MESSAGE_FIELDS.contains(entry.getKey()) && !entry.getValue().isNull()) {
                    problems.add(field + "." + entry.getKey() + " is not supported");
                }
            });
            String role = ROLES.get(message.path("role").asText());
            if (role == null) {
                problems.add(field + ".role '" + message.path("role").asText() + "' is not one of " + ROLES.keySet());
                continue;
            }
            read.add(message(message, role, field));
        }
        return read;
    }

    private Message message(JsonNode message, String role, String field) {
        JsonNode content = message.path("content");
        switch (role) {
            case "tool" -> {
                return Messages.toolResult(message.path("tool_call_id").asText(null), null, texts(content, field + ".content"));
            }
            case "assistant" -> {
                List<ToolCall> calls = new ArrayList<>();
                JsonNode toolCalls = message.path("tool_calls");
                for (int c = 0; c < toolCalls.size(); c++) {
                    JsonNode call = toolCalls.get(c);
                    if (!"function".equals(call.path("type").asText("function"))) {
                        problems.add(field + ".tool_calls[" + c + "].type '" + call.path("type").asText() + "' is not supported");
                    }
                    calls.add(new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
                            call.path("function").path("arguments").asText("{}")));
                }
                return Messages.toolCalls(texts(content, field + ".content"), calls);
            }
            case "user" -> {
                if (content.isArray()) {
                    return Messages.parts(role, parts(content, field + ".content"));
                }
                return Messages.text(role, content.asText(""));
            }
            default -> {
                return Messages.text(role, texts(content, field + ".content"));
            }
        }
    }

    /** Text content: a string, or text parts only, joined. */
    private String texts(JsonNode content, String field) {
        if (!content.isArray()) {
            return content.asText("");
        }
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            if (!"text".equals(part.path("type").asText())) {
                problems.add(field + "[" + p + "].type '" + part.path("type").asText() + "' is not supported here: text parts only");
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }

    private List<ContentPart> parts(JsonNode content, String field) {
        List<ContentPart> parts = new ArrayList<>();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            switch (part.path("type").asText()) {
                case "text" -> parts.add(new ContentPart(ContentPartType.TEXT, part.path("text").asText(), null, null, null, null));
                case "image_url" -> {
                    JsonNode image = part.path("image_url");
                    parts.add(new ContentPart(ContentPartType.IMAGE, null, image.path("url").asText(), null, null,
                            image.hasNonNull("detail") ? image.get("detail").asText() : null));
                }
                default -> problems.add(field + "[" + p + "].type '" + part.path("type").asText() + "' is not supported");
            }
        }
        return parts;
    }

    private List<String> stop(JsonNode stop) {
        if (stop.isMissingNode() || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        List<String> sequences = new ArrayList<>();
        stop.forEach(sequence -> sequences.add(sequence.asText()));
        return sequences;
    }

    private List<Tool> tools(JsonNode tools) {
        List<Tool> read = new ArrayList<>();
        for (int t = 0; t < tools.size(); t++) {
            JsonNode tool = tools.get(t);
            String field = "body.tools[" + t + "]";
            if (!"function".equals(tool.path("type").asText())) {
                problems.add(field + ".type '" + tool.path("type").asText() + "' is not supported: function tools only");
                continue;
            }
            JsonNode function = tool.path("function");
            if (function.path("strict").asBoolean(false)) {
                problems.add(field + ".function.strict is not supported: tool arguments are not validated against their schema");
            }
            read.add(new Tool(function.path("name").asText(), text(function, "description"),
                    function.hasNonNull("parameters") ? function.get("parameters").toString() : null));
        }
        return read;
    }

    private String toolChoice(JsonNode choice) {
        if (choice.isMissingNode() || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return choice.asText();
        }
        if (!"function".equals(choice.path("type").asText())) {
            problems.add("body.tool_choice.type '" + choice.path("type").asText() + "' is not supported");
        }
        return choice.path("function").path("name").asText();
    }

    private ResponseFormat responseFormat(JsonNode format) {
        if (format.isMissingNode() || format.isNull()) {
            return null;
        }
        String type = format.path("type").asText();
        return switch (type) {
            case "text" -> new ResponseFormat(ResponseFormatType.TEXT, null, null, false);
            case "json_object" -> new ResponseFormat(ResponseFormatType.JSON_OBJECT, null, null, false);
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema");
                yield new ResponseFormat(ResponseFormatType.JSON_SCHEMA, text(schema, "name"),
                        schema.hasNonNull("schema") ? schema.get("schema").toString() : null, schema.path("strict").asBoolean(false));
            }
            default -> {
                problems.add("body.response_format.type '" + type + "' is not one of text, json_object, json_schema");
                yield null;
            }
        };
    }

    /** Equal as JSON values: 1 and 1.0 are one number. */
    private static boolean sameValue(JsonNode expected, JsonNode value) {
        return expected.isNumber() ? value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0
                : expected.equals(value);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
