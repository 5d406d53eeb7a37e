package dev.switchyard.core.outcome;

import java.util.Locale;

/** What became of one provider attempt; {@link #wireName()} is the contract's {@code Attempt.outcome}. */
public enum AttemptOutcome {
    OK,
    RATE_LIMITED,
    TIMEOUT,
    SERVER_ERROR,
    BAD_REQUEST,
    CONTENT_FILTER,
    CONTEXT_LENGTH,
    AUTH,
    CIRCUIT_OPEN,
    /** The answer broke the requested JSON format or schema: the model answered, but not in a form the request can use. */
    INVALID_OUTPUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
