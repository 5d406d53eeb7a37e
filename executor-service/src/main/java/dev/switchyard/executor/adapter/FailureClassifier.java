package dev.switchyard.executor.adapter;

import dev.switchyard.core.outcome.AttemptOutcome;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Maps a provider's HTTP failure to the contract's attempt outcomes, the same way for every
 * wire format. Context-length errors are recognised by the wordings of OpenAI, Azure OpenAI,
 * Anthropic, vLLM and others, since a missed one means a fallback never fires (an Azure
 * context-overflow error not recognised as a context-length error is a known case in LLM gateways).
 */
public final class FailureClassifier {

    private static final String[] CONTEXT_LENGTH_SIGNS = {
            "context_length_exceeded", "maximum context length", "context window", "prompt is too long",
            "too many tokens", "input is too long", "reduce the length"};
    private static final String[] CONTENT_FILTER_SIGNS = {
            "content_filter", "content management policy", "content_policy", "responsible ai", "safety system"};

    private FailureClassifier() {
    }

    public static AttemptOutcome classify(int status, String code, String message) {
        String text = ((code == null ? "" : code) + " " + (message == null ? "" : message)).toLowerCase(Locale.ROOT);
        return switch (status) {
            case 429 -> AttemptOutcome.RATE_LIMITED;
            case 401, 403 -> AttemptOutcome.AUTH;
            case 408, 504 -> AttemptOutcome.TIMEOUT;
            case 400, 404, 413, 422 -> containsAny(text, CONTEXT_LENGTH_SIGNS) ? AttemptOutcome.CONTEXT_LENGTH
                    : containsAny(text, CONTENT_FILTER_SIGNS) ? AttemptOutcome.CONTENT_FILTER
                    : status == 413 ? AttemptOutcome.CONTEXT_LENGTH
                    : AttemptOutcome.BAD_REQUEST;
            default -> status >= 500 ? AttemptOutcome.SERVER_ERROR : AttemptOutcome.BAD_REQUEST;
        };
    }

    /** An I/O failure: a timeout when the socket timed out, else a server-side failure. */
    public static AttemptOutcome classifyIo(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedIOException) {
                return AttemptOutcome.TIMEOUT;
            }
        }
        return AttemptOutcome.SERVER_ERROR;
    }

    /** A failure and its causes in one line, e.g. "Request failed: SocketTimeoutException: timeout". */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(header.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static boolean containsAny(String text, String[] signs) {
        for (String sign : signs) {
            if (text.contains(sign)) {
                return true;
            }
        }
        return false;
    }
}
