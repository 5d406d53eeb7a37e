package dev.switchyard.core.deadletter;

import dev.switchyard.core.outcome.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The reason headers docs/CONTRACT.md puts on every {@code llm.dlq} record. */
public final class DeadLetters {

    public static final String ERROR_CODE = "error-code";
    public static final String ERROR_MESSAGE = "error-message";
    public static final String SOURCE_TOPIC = "source-topic";
    public static final String SOURCE_PARTITION = "source-partition";
    public static final String SOURCE_OFFSET = "source-offset";

    /** Long enough for a precise message, short enough to never bloat a record. */
    private static final int MAX_MESSAGE_LENGTH = 1000;

    private DeadLetters() {
    }

    /** The original headers (if any) followed by the reason; the original bytes stay as they were. */
    public static Headers reasonHeaders(Headers original, ErrorCode code, String message,
                                        String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        headers.remove(ERROR_CODE).remove(ERROR_MESSAGE).remove(SOURCE_TOPIC).remove(SOURCE_PARTITION).remove(SOURCE_OFFSET);
        headers.add(ERROR_CODE, utf8(code.name()));
        headers.add(ERROR_MESSAGE, utf8(truncate(message)));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    private static String truncate(String message) {
        String text = message == null ? "" : message;
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
