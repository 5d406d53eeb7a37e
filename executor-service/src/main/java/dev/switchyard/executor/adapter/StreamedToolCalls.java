package dev.switchyard.executor.adapter;

import dev.switchyard.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Tool calls put back together from a stream, where each call comes in pieces by its index: its
 * id and name first, then its arguments in fragments (OpenAI's {@code delta.tool_calls},
 * Anthropic's {@code input_json_delta}).
 */
final class StreamedToolCalls {

    private final TreeMap<Integer, Piece> byIndex = new TreeMap<>();

    private static final class Piece {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    void add(int index, String id, String name, String argumentsFragment) {
        Piece piece = byIndex.computeIfAbsent(index, i -> new Piece());
        if (id != null) {
            piece.id = id;
        }
        if (name != null) {
            piece.name = name;
        }
        if (argumentsFragment != null) {
            piece.arguments.append(argumentsFragment);
        }
    }

    /** The calls in index order; a call without id or name is a truncated stream's and fails the attempt. */
    List<ToolCall> calls() throws ProviderCallException {
        List<ToolCall> calls = new ArrayList<>(byIndex.size());
        for (var entry : byIndex.entrySet()) {
            Piece piece = entry.getValue();
            if (piece.id == null || piece.name == null) {
                throw new ProviderCallException(dev.switchyard.core.outcome.AttemptOutcome.SERVER_ERROR,
                        "streamed tool call " + entry.getKey() + " came without its " + (piece.id == null ? "id" : "name"));
            }
            calls.add(new ToolCall(piece.id, piece.name, piece.arguments.isEmpty() ? "{}" : piece.arguments.toString()));
        }
        return calls;
    }
}
