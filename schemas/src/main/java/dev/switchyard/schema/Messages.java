package dev.switchyard.schema;

import java.util.List;

/** Builds the common kinds of {@link Message}, whose generated constructor takes every field. */
public final class Messages {

    private Messages() {
    }

    /** A message of text only: the only kind before parts and tool calls. */
    public static Message text(String role, String content) {
        return Message.newBuilder().setRole(role).setContent(content).build();
    }

    /** A user message of parts: texts and images. */
    public static Message parts(String role, List<ContentPart> parts) {
        return Message.newBuilder().setRole(role).setParts(parts).build();
    }

    /** An assistant message that called tools. */
    public static Message toolCalls(String content, List<ToolCall> calls) {
        return Message.newBuilder().setRole("assistant").setContent(content == null ? "" : content).setToolCalls(calls).build();
    }

    /** A tool's answer to one call. */
    public static Message toolResult(String toolCallId, String name, String content) {
        return Message.newBuilder().setRole("tool").setToolCallId(toolCallId).setName(name).setContent(content).build();
    }
}
