package dev.switchyard.router.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of tools, structured output and images that both OpenAI and Anthropic enforce, checked
 * before routing: a request that breaks one would fail on every model of its fallback chain, so it
 * is REJECTED at once, with the field named, instead of spending attempts.
 */
final class ChatSurfaceCheck {

    /** OpenAI's and Anthropic's rule for tool and schema names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    /** OpenAI's limit on tools per request (Anthropic's is higher). */
    static final int MAX_TOOLS = 128;
    /** OpenAI's limit on stop sequences (Anthropic's is higher). */
    static final int MAX_STOP = 4;
    private static final Set<String> MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    private static final Set<String> DETAILS = Set.of("low", "high", "auto");
    private static final Pattern DATA_URL = Pattern.compile("data:(image/[a-z]+);base64,.+", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatSurfaceCheck() {
    }

    /** The first problem, as a message naming its field; empty when the request's chat surface is sound. */
    static Optional<String> problem(LlmRequest request) {
        Set<String> toolNames = new HashSet<>();
        String problem = tools(request.getTools(), toolNames);
        if (problem == null) {
            problem = toolChoice(request, toolNames);
        }
        if (problem == null) {
            problem = responseFormat(request.getResponseFormat());
        }
        if (problem == null) {
            problem = sampling(request);
        }
        Set<String> callIds = new HashSet<>();
        List<Message> messages = request.getMessages();
        for (int i = 0; i < messages.size() && problem == null; i++) {
            problem = message(messages.get(i), "messages[" + i + "]", callIds);
        }
        return Optional.ofNullable(problem);
    }

    private static String tools(List<Tool> tools, Set<String> names) {
        if (tools.size() > MAX_TOOLS) {
            return "tools holds " + tools.size() + " tools, more than the limit of " + MAX_TOOLS;
        }
        for (int i = 0; i < tools.size(); i++) {
            Tool tool = tools.get(i);
            String field = "tools[" + i + "]";
            if (!NAME.matcher(tool.getName()).matches()) {
                return field + ".name is '" + tool.getName() + "', expected 1 to 64 letters, digits, _ or -";
            }
            if (!names.add(tool.getName())) {
                return field + ".name '" + tool.getName() + "' is offered twice";
            }
            String schema = tool.getParametersJson() == null ? null : schemaProblem(tool.getParametersJson(), field + ".parametersJson");
            if (schema != null) {
                return schema;
            }
        }
        return null;
    }

    private static String toolChoice(LlmRequest request, Set<String> toolNames) {
        String choice = request.getToolChoice();
        if (choice == null || choice.equals("auto") || choice.equals("none")) {
            return null;
        }
        if (request.getTools().isEmpty()) {
            return "toolChoice is '" + choice + "' but tools is empty";
        }
        return choice.equals("required") || toolNames.contains(choice) ? null
                : "toolChoice is '" + choice + "', expected auto, none, required or the name of an offered tool";
    }

    private static String responseFormat(ResponseFormat format) {
        if (format == null) {
            return null;
        }
        if (format.getType() != ResponseFormatType.JSON_SCHEMA) {
            return format.getSchemaJson() != null || format.getStrict()
                    ? "responseFormat.schemaJson and strict go with type json_schema only" : null;
        }
        if (format.getSchemaJson() == null) {
            return "responseFormat.schemaJson is required when type is json_schema";
        }
        String schema = schemaProblem(format.getSchemaJson(), "responseFormat.schemaJson");
        if (schema != null) {
            return schema;
        }
        if (format.getName() != null && !NAME.matcher(format.getName()).matches()) {
            return "responseFormat.name is '" + format.getName() + "', expected 1 to 64 letters, digits, _ or -";
        }
        return null;
    }

    private static String sampling(LlmRequest request) {
        if (request.getStop().size() > MAX_STOP) {
            return "stop holds " + request.getStop().size() + " sequences, more than the limit of " + MAX_STOP;
        }
        for (int i = 0; i < request.getStop().size(); i++) {
            if (request.getStop().get(i).isEmpty()) {
                return "stop[" + i + "] is empty";
            }
        }
        Float topP = request.getTopP();
        return topP != null && !(topP >= 0 && topP <= 1) ? "topP is " + topP + ", expected 0 to 1" : null;
    }

    private static String message(Message message, String field, Set<String> callIds) {
        String role = message.getRole();
        if (!message.getContent().isEmpty() && !message.getParts().isEmpty()) {
            return field + " has both content and parts: give the text as a text part";
        }
        if (!message.getToolCalls().isEmpty() && !role.equals("assistant")) {
            return field + ".toolCalls is set on a " + role + " message: only an assistant calls tools";
        }
        if (!role.equals("tool") && (message.getToolCallId() != null || message.getName() != null)) {
            return field + ".toolCallId and name go on tool messages only";
        }
        for (int p = 0; p < message.getParts().size(); p++) {
            String problem = part(message.getParts().get(p), field + ".parts[" + p + "]", role);
            if (problem != null) {
                return problem;
            }
        }
        for (int c = 0; c < message.getToolCalls().size(); c++) {
            ToolCall call = message.getToolCalls().get(c);
            String callField = field + ".toolCalls[" + c + "]";
            if (call.getId().isBlank() || !callIds.add(call.getId())) {
                return callField + ".id '" + call.getId() + "' is blank or not unique";
            }
            if (!NAME.matcher(call.getName()).matches()) {
                return callField + ".name is '" + call.getName() + "', expected 1 to 64 letters, digits, _ or -";
            }
            if (!isObject(call.getArgumentsJson())) {
                return callField + ".argumentsJson must be a JSON object";
            }
        }
        return switch (role) {
            case "tool" -> message.getToolCallId() == null || !callIds.contains(message.getToolCallId())
                    ? field + ".toolCallId must name a tool call of an earlier assistant message" : null;
            case "assistant" -> null;
            default -> message.getContent().isEmpty() && message.getParts().isEmpty()
                    ? field + " has neither content nor parts" : null;
        };
    }

    private static String part(ContentPart part, String field, String role) {
        switch (part.getType()) {
            case TEXT -> {
                return part.getText() == null ? field + ".text is required for a text part"
                        : part.getImageUrl() != null || part.getImageBase64() != null ? field + " is a text part with an image" : null;
            }
            case IMAGE -> {
                if (!role.equals("user")) {
                    return field + " is an image on a " + role + " message: images go in user messages";
                }
                if ((part.getImageUrl() == null) == (part.getImageBase64() == null)) {
                    return field + " needs exactly one of imageUrl and imageBase64";
                }
                if (part.getDetail() != null && !DETAILS.contains(part.getDetail())) {
                    return field + ".detail is '" + part.getDetail() + "', expected low, high or auto";
                }
                if (part.getImageBase64() != null) {
                    return part.getMediaType() == null || !MEDIA_TYPES.contains(part.getMediaType())
                            ? field + ".mediaType is '" + part.getMediaType() + "', expected one of " + MEDIA_TYPES : null;
                }
                String url = part.getImageUrl();
                if (url.startsWith("data:")) {
                    var data = DATA_URL.matcher(url);
                    return data.matches() && MEDIA_TYPES.contains(data.group(1)) ? null
                            : field + ".imageUrl is a data: URL but not data:<" + String.join("|", MEDIA_TYPES) + ">;base64,...";
                }
                return url.startsWith("https://") || url.startsWith("http://") ? null
                        : field + ".imageUrl must be an http(s) URL or a data: URL";
            }
            default -> {
                return field + ".type is not supported";
            }
        }
    }

    /**
     * Why a schema's text is not one Switchyard sends: not a JSON object, or a {@code $ref} outside
     * the schema. The executor validates answers against the schema, and a remote reference would
     * have it fetch a URL of the requester's choosing.
     */
    private static String schemaProblem(String json, String field) {
        JsonNode schema;
        try {
            schema = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            schema = null;
        }
        if (schema == null || !schema.isObject()) {
            return field + " must be a JSON object (a JSON Schema)";
        }
        String reference = remoteReference(schema);
        return reference == null ? null : field + " refers to '" + reference + "': only references inside the schema (#...) are allowed";
    }

    private static String remoteReference(JsonNode node) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                boolean reference = field.getKey().equals("$ref") || field.getKey().equals("$dynamicRef");
                if (reference && (!field.getValue().isTextual() || !field.getValue().asText().startsWith("#"))) {
                    return field.getValue().asText();
                }
                String inner = remoteReference(field.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String inner = remoteReference(item);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static boolean isObject(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
