package dev.switchyard.schema;

import dev.switchyard.schema.serde.TrustedRecords;
import java.util.List;

/** Builds the common kinds of {@link Message}, whose generated constructor takes every field. */
public final class Messages {

    static {
        // A message's defaults hold records (parts, tool calls), which Avro instantiates only when trusted.
        TrustedRecords.ensure();
    }

    private Messages() {
    }

    /**
     * A message's text: its content, or its text parts one per line. Images and tool calls are
     * not text; callers that need them read them apart.
     */
    public static String textOf(Message message) {
        if (message.getParts().isEmpty()) {
            return message.getContent();
        }
        StringBuilder text = new StringBuilder(message.getContent());
        for (ContentPart part : message.getParts()) {
            if (part.getType() == ContentPartType.TEXT && part.getText() != null) {
                text.append(text.isEmpty() ? "" : "\n").append(part.getText());
            }
        }
        return text.toString();
    }

    /** Whether any message carries an image. */
    public static boolean hasImage(List<Message> messages) {
        for (Message message : messages) {
            for (ContentPart part : message.getParts()) {
                if (part.getType() == ContentPartType.IMAGE) {
                    return true;
                }
            }
        }
        return false;
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
