package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model answers, in protocol-neutral terms: text in the pieces it streams in, or tool
 * calls, with the usage it bills. Each protocol renders it in its own format.
 *
 * @param pieces       the text, in the pieces a stream sends; their concatenation is the text
 * @param calls        the tools called, in order; empty for a text answer
 * @param cutByLimit   the text stopped at max_tokens
 */
record Reply(List<String> pieces, List<Call> calls, int inputTokens, int outputTokens, boolean cutByLimit) {

    /** One tool call, with its arguments as JSON text. */
    record Call(String id, String name, String argumentsJson) {

        /** The arguments in two fragments or more, as streams send them. */
        List<String> argumentFragments() {
            int half = argumentsJson.length() / 2;
            return List.of(argumentsJson.substring(0, half), argumentsJson.substring(half));
        }
    }

    String text() {
        return String.join("", pieces);
    }

    boolean callsTools() {
        return !calls.isEmpty();
    }

    /**
     * The answer to a prompt under a model's knobs: tool calls when it calls tools, else text:
     * JSON when the format asks for it, words otherwise, which quote the tool results the
     * conversation ends with.
     */
    static Reply to(Prompt prompt, Knobs knobs, Answers.Answer words) {
        int input = words.inputTokens() + prompt.imageTokens();
        if (prompt.callsTools(knobs.toolCalls())) {
            return new Reply(List.of(), calls(prompt, knobs), input, words.outputTokens(), false);
        }
        if (prompt.format().equals("json_object") || prompt.format().equals("json_schema")) {
            String json = json(prompt, knobs, words);
            int third = Math.max(1, json.length() / 3);
            List<String> pieces = List.of(json.substring(0, third), json.substring(third, 2 * third), json.substring(2 * third));
            return new Reply(pieces, List.of(), input, words.outputTokens(), false);
        }
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < words.words().size(); i++) {
            pieces.add((i == 0 ? "" : " ") + words.words().get(i));
        }
        if (!prompt.toolResults().isEmpty()) {
            pieces.add(" (from the tools: " + String.join("; ", prompt.toolResults()) + ")");
        }
        return new Reply(List.copyOf(pieces), List.of(), input, words.outputTokens(), words.cutByLimit());
    }

    private static List<Call> calls(Prompt prompt, Knobs knobs) {
        String forced = prompt.forcedTool();
        List<Prompt.ToolSpec> offered = forced == null ? prompt.tools()
                : prompt.tools().stream().filter(tool -> tool.name().equals(forced)).toList();
        if (offered.isEmpty()) {
            throw new IllegalArgumentException("tool_choice names '" + forced + "', which is not among the tools");
        }
        int count = forced == null ? knobs.toolCalls() : 1;
        List<Call> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Prompt.ToolSpec tool = offered.get(i % offered.size());
            JsonNode arguments = forced != null && knobs.invalidJson() ? SchemaSample.broken(tool.schema()) : SchemaSample.valid(tool.schema());
            calls.add(new Call(Integer.toString(i + 1), tool.name(), arguments.toString()));
        }
        return calls;
    }

    private static String json(Prompt prompt, Knobs knobs, Answers.Answer words) {
        if (prompt.format().equals("json_object")) {
            return knobs.invalidJson() ? "Here is the JSON you asked for: {\"answer\": " : "{\"answer\": \"" + words.text() + "\"}";
        }
        JsonNode schema = prompt.formatSchema();
        return (knobs.invalidJson() ? SchemaSample.broken(schema) : SchemaSample.valid(schema)).toString();
    }
}
