package dev.switchyard.executor.adapter;

import dev.switchyard.core.outcome.AttemptOutcome;
import java.time.Duration;

/**
 * A provider call that did not give a usable answer, classified into the contract's outcomes.
 *
 * @see FailureClassifier
 */
public final class ProviderCallException extends Exception {

    private final AttemptOutcome outcome;
    private final Duration retryAfter;
    private final Completion billedUsage;

    public ProviderCallException(AttemptOutcome outcome, String message, Duration retryAfter, Completion billedUsage) {
        super(message);
        this.outcome = outcome;
        this.retryAfter = retryAfter;
        this.billedUsage = billedUsage;
    }

    public ProviderCallException(AttemptOutcome outcome, String message) {
        this(outcome, message, null, null);
    }

    public AttemptOutcome outcome() {
        return outcome;
    }

    /** The provider's Retry-After, when it gave one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Usage the provider billed although the answer is unusable (an empty answer), else null. */
    public Completion billedUsage() {
        return billedUsage;
    }
}
