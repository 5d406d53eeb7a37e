package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.tokens.ImageTokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a chat request the simulator needs, from either wire format.
 *
 * @param contents     each message's text as the model reads it (tool calls, tool results and
 *                     the tool definitions included), which its input tokens are counted from
 * @param tools        the tools offered
 * @param toolChoice   auto, none, required, or the name of the one tool to call
 * @param format       text, json_object or json_schema (OpenAI's response_format)
 * @param toolResults  the tool results the conversation ends with, empty when it ends otherwise
 * @param imageTokens  the input tokens of the request's images, by the provider's formula
 */
record Prompt(String model, List<String> contents, Integer maxTokens, boolean stream, boolean includeUsage,
              List<ToolSpec> tools, String toolChoice, String format, JsonNode formatSchema, List<String> toolResults,
              int imageTokens) {

    /** The size the simulator takes an image by http(s) URL to have. */
    static final int ASSUMED_URL_SIDE = 1024;

    record ToolSpec(String name, JsonNode schema) {
    }

    /**
     * OpenAI Chat Completions: messages[].content is a string, null beside tool_calls, or an
     * array of text and image_url parts.
     *
     * @throws IllegalArgumentException for what the API refuses with a 400
     */
    static Prompt openAi(JsonNode body) {
        List<String> contents = new ArrayList<>();
        int[] imageTokens = {0};
        Set<String> callIds = new HashSet<>();
        for (JsonNode message : body.path("messages")) {
            StringBuilder text = new StringBuilder();
            JsonNode content = message.path("content");
            if (content.isArray()) {
                for (JsonNode part : content) {
                    switch (part.path("type").asText()) {
                        case "text" -> text.append(part.path("text").asText());
                        case "image_url" -> imageTokens[0] += ImageTokens.openAiTokens(
                                size(part.path("image_url").path("url").asText()), part.path("image_url").path("detail").asText(null));
                        default -> throw new IllegalArgumentException("unknown content part type '" + part.path("type").asText() + "'");
                    }
                }
            } else {
                text.append(content.asText(""));
            }
            for (JsonNode call : message.path("tool_calls")) {
                callIds.add(call.path("id").asText());
                text.append(call.path("function").path("name").asText()).append(call.path("function").path("arguments").asText());
            }
            if (message.path("role").asText().equals("tool") && !callIds.contains(message.path("tool_call_id").asText())) {
                throw new IllegalArgumentException("tool message answers no earlier tool call: tool_call_id '"
                        + message.path("tool_call_id").asText() + "'");
            }
            contents.add(text.toString());
        }
        List<ToolSpec> tools = new ArrayList<>();
        for (JsonNode tool : body.path("tools")) {
            JsonNode function = tool.path("function");
            if (!function.hasNonNull("name")) {
                throw new IllegalArgumentException("tools[].function.name is required");
            }
            tools.add(new ToolSpec(function.get("name").asText(), function.path("parameters")));
        }
        addToolDefinitions(contents, body.path("tools"));
        JsonNode choice = body.path("tool_choice");
        String toolChoice = choice.isObject() ? choice.path("function").path("name").asText() : choice.asText("auto");
        JsonNode format = body.path("response_format");
        List<String> toolResults = new ArrayList<>();
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0 && messages.get(i).path("role").asText().equals("tool"); i--) {
            toolResults.addFirst(messages.get(i).path("content").asText());
        }
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        return new Prompt(body.path("model").asText(), contents, max == null || max.isNull() ? null : max.asInt(),
                body.path("stream").asBoolean(false), body.path("stream_options").path("include_usage").asBoolean(false),
                tools, toolChoice, format.path("type").asText("text"), format.path("json_schema").path("schema"), toolResults,
                imageTokens[0]);
    }

    /**
     * Anthropic Messages: an optional top-level system prompt (a string or text blocks), then
     * messages whose content is a string or blocks: text, image, tool_use, tool_result.
     */
    static Prompt anthropic(JsonNode body) {
        List<String> contents = new ArrayList<>();
        if (body.hasNonNull("system")) {
            contents.add(anthropicText(body.get("system"), new HashSet<>(), new int[1]));
        }
        int[] imageTokens = {0};
        Set<String> callIds = new HashSet<>();
        body.path("messages").forEach(message -> contents.add(anthropicText(message.path("content"), callIds, imageTokens)));
        List<ToolSpec> tools = new ArrayList<>();
        for (JsonNode tool : body.path("tools")) {
            if (!tool.hasNonNull("name")) {
                throw new IllegalArgumentException("tools[].name is required");
            }
            tools.add(new ToolSpec(tool.get("name").asText(), tool.path("input_schema")));
        }
        addToolDefinitions(contents, body.path("tools"));
        JsonNode choice = body.path("tool_choice");
        String toolChoice = switch (choice.path("type").asText("auto")) {
            case "any" -> "required";
            case "none" -> "none";
            case "tool" -> choice.path("name").asText();
            default -> "auto";
        };
        List<String> toolResults = new ArrayList<>();
        JsonNode messages = body.path("messages");
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.path("role").asText().equals("user")) {
            for (JsonNode block : last.path("content")) {
                if (block.path("type").asText().equals("tool_result")) {
                    toolResults.add(anthropicText(block.path("content"), callIds, new int[1]));
                }
            }
        }
        JsonNode max = body.get("max_tokens");
        return new Prompt(body.path("model").asText(), contents, max == null ? null : max.asInt(),
                body.path("stream").asBoolean(false), true, tools, toolChoice, "text", null, toolResults, imageTokens[0]);
    }

    private static String anthropicText(JsonNode content, Set<String> callIds, int[] imageTokens) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "image" -> {
                    JsonNode source = block.path("source");
                    ImageTokens.Size size = source.path("type").asText().equals("url") ? size(source.path("url").asText())
                            : ImageTokens.ofBase64(source.path("data").asText());
                    imageTokens[0] += ImageTokens.anthropicTokens(size);
                }
                case "tool_use" -> {
                    callIds.add(block.path("id").asText());
                    text.append(block.path("name").asText()).append(block.path("input"));
                }
                case "tool_result" -> {
                    if (!callIds.contains(block.path("tool_use_id").asText())) {
                        throw new IllegalArgumentException("unexpected tool_use_id found in tool_result blocks: "
                                + block.path("tool_use_id").asText());
                    }
                    text.append(anthropicText(block.path("content"), callIds, imageTokens));
                }
                default -> throw new IllegalArgumentException("unknown content block type '" + block.path("type").asText() + "'");
            }
        }
        return text.toString();
    }

    /** An image's size by URL: a data: URL's own; an http(s) one, which the simulator does not fetch, as assumed. */
    private static ImageTokens.Size size(String url) {
        ImageTokens.Size size = ImageTokens.ofUrl(url);
        return size != null ? size : new ImageTokens.Size(ASSUMED_URL_SIDE, ASSUMED_URL_SIDE);
    }

    /** Providers put the tool definitions in the prompt, so they cost input tokens as one more text. */
    private static void addToolDefinitions(List<String> contents, JsonNode tools) {
        if (tools.isArray() && !tools.isEmpty()) {
            contents.add(tools.toString());
        }
    }

    boolean valid() {
        return !model.isBlank() && !contents.isEmpty();
    }

    /**
     * Whether the model answers this prompt by calling tools, rather than in text: a conversation
     * that ends in tool results is answered in text, unless the choice makes it call a tool.
     */
    boolean callsTools(int toolCallsKnob) {
        return !tools.isEmpty() && !toolChoice.equals("none") && toolCallsKnob > 0
                && (toolResults.isEmpty() || !toolChoice.equals("auto"));
    }

    /** The one tool the choice names, or null. */
    String forcedTool() {
        return toolChoice.equals("auto") || toolChoice.equals("none") || toolChoice.equals("required") ? null : toolChoice;
    }
}
