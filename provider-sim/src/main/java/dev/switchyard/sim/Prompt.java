package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The parts of a chat request the simulator needs, from either wire format. */
record Prompt(String model, List<String> contents, Integer maxTokens, boolean stream, boolean includeUsage) {

    /** OpenAI Chat Completions: messages[].content is a string or an array of text parts. */
    static Prompt openAi(JsonNode body) {
        List<String> contents = new ArrayList<>();
        body.path("messages").forEach(message -> contents.add(text(message.path("content"))));
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        return new Prompt(body.path("model").asText(), contents, max == null || max.isNull() ? null : max.asInt(),
                body.path("stream").asBoolean(false), body.path("stream_options").path("include_usage").asBoolean(false));
    }

    /** Anthropic Messages: an optional top-level system prompt, then messages. */
    static Prompt anthropic(JsonNode body) {
        List<String> contents = new ArrayList<>();
        if (body.hasNonNull("system")) {
            contents.add(text(body.get("system")));
        }
        body.path("messages").forEach(message -> contents.add(text(message.path("content"))));
        JsonNode max = body.get("max_tokens");
        return new Prompt(body.path("model").asText(), contents, max == null ? null : max.asInt(),
                body.path("stream").asBoolean(false), true);
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText()));
        return text.toString();
    }

    boolean valid() {
        return !model.isBlank() && !contents.isEmpty();
    }
}
