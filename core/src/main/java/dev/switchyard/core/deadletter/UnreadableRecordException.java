package dev.switchyard.core.deadletter;

import dev.switchyard.core.outcome.ErrorCode;

/** A record that must go to {@code llm.dlq}, with the code and message its headers will carry. */
public final class UnreadableRecordException extends RuntimeException {

    private final ErrorCode code;

    public UnreadableRecordException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
