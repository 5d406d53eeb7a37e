package dev.switchyard.core.outcome;

/**
 * Every error code Switchyard writes: in {@code LlmResult.error.code} and in the
 * {@code error-code} header of {@code llm.dlq}. The first six are named by docs/CONTRACT.md.
 */
public enum ErrorCode {
    INVALID_REQUEST,
    BUDGET_EXCEEDED,
    NO_ELIGIBLE_MODEL,
    ALL_ATTEMPTS_FAILED,
    DEADLINE_EXCEEDED,
    MAX_COST_EXCEEDED,
    /** The prompt alone is larger than the context window of every model in the catalog. */
    PROMPT_TOO_LARGE,
    /** The request's batch was cancelled before the request started (switchyard batch cancel). */
    BATCH_CANCELLED,
    /** A pinned model that the catalog does not know. */
    UNKNOWN_MODEL,
    /** Over one of the router's request limits: bytes, messages or metadata (docs/CONTRACT.md, second wave). */
    REQUEST_TOO_LARGE,
    /** DLQ only: the bytes are not a record of the topic's schema (or not JSON, where JSON is allowed). */
    UNREADABLE_RECORD,
    /** DLQ only: the record decodes, but has no requestId to answer under. */
    MISSING_REQUEST_ID,
    /** DLQ only: the record decodes, but processing it failed on a condition no retry would cure. */
    PROCESSING_FAILED
}
