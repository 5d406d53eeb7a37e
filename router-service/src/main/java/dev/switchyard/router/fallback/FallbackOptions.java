package dev.switchyard.router.fallback;

import java.time.Duration;

/**
 * How failed attempts are retried.
 *
 * @param maxAttempts        attempts per request, all models together. Four covers one retry on
 *                           the first model and a move to up to two others, and bounds how many
 *                           provider calls one request can cost.
 * @param retriesPerModel    retries of the same model after a transient failure (rate limit,
 *                           timeout, server error) before moving on. One: a second failure in a
 *                           row says more about the model than about luck.
 * @param initialBackoff     the first retry's wait when the provider gave no Retry-After; it
 *                           doubles per retry of the same model
 * @param maxBackoff         no wait is longer, even when the provider's Retry-After is: a longer
 *                           Retry-After is capped to this, so a request never sits idle for
 *                           long; if the retry fails again, it moves to the next model
 */
public record FallbackOptions(int maxAttempts, int retriesPerModel, Duration initialBackoff, Duration maxBackoff) {

    public static FallbackOptions defaults() {
        return new FallbackOptions(4, 1, Duration.ofMillis(250), Duration.ofSeconds(10));
    }
}
