package dev.switchyard.router.classify.learned;

import dev.switchyard.schema.Message;
import java.util.List;

/**
 * The part of a conversation the embedding sees. The last user turn decides the task, in the
 * context of a system prompt and the turn before; long texts keep their start and their end,
 * where the instruction usually is ("...summarise the above in three bullets"), so the
 * embedding's cost stays bounded whatever a prompt's length.
 */
final class ConversationText {

    /** Characters of the last user turn kept: its first and its last, as {@link #HEAD} and {@link #TAIL}. */
    static final int HEAD = 360;
    static final int TAIL = 240;
    private static final int SYSTEM = 200;
    private static final int EARLIER = 120;

    private ConversationText() {
    }

    static String of(List<Message> messages) {
        String system = null;
        String earlierUser = null;
        String lastUser = "";
        for (Message message : messages) {
            switch (message.getRole()) {
                case "system" -> system = system == null ? message.getContent() : system;
                case "user" -> {
                    if (!lastUser.isEmpty()) {
                        earlierUser = lastUser;
                    }
                    lastUser = message.getContent();
                }
                default -> {
                }
            }
        }
        StringBuilder text = new StringBuilder(HEAD + TAIL + SYSTEM + EARLIER + 16);
        if (system != null && !system.isBlank()) {
            text.append(head(system, SYSTEM)).append('\n');
        }
        if (earlierUser != null) {
            text.append(head(earlierUser, EARLIER)).append('\n');
        }
        text.append(headAndTail(lastUser, HEAD, TAIL));
        return text.toString();
    }

    static String headAndTail(String text, int head, int tail) {
        if (text.length() <= head + tail) {
            return text;
        }
        return text.substring(0, head) + " … " + text.substring(text.length() - tail);
    }

    private static String head(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
