package dev.switchyard.executor.health;

import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One model's circuit breaker and observed latency and success, as this executor sees them.
 * Only failures that say something about the model count against its breaker: server errors
 * and timeouts. A bad request or a context-length error is the request's, a rate limit the
 * account's.
 */
public final class ModelHealth {

    /** Weight of the newest call in the moving averages: about the last twenty calls count. */
    private static final double ALPHA = 0.1;

    private final String model;
    private final String provider;
    private final CircuitBreaker breaker;
    private double latencyMs = Double.NaN;
    private double successRate = Double.NaN;
    private long samples;
    /** System.nanoTime() until which calls to this model wait, after a 429 with Retry-After. */
    private volatile long pausedUntilNanos;

    ModelHealth(String model, String provider, CircuitBreaker breaker) {
        this.model = model;
        this.provider = provider;
        this.breaker = breaker;
    }

    /** Whether a call may go out now; when it may, its outcome must be {@link #record recorded}. */
    public boolean permit() {
        return breaker.tryAcquirePermission();
    }

    public synchronized void record(AttemptOutcome outcome, Duration latency) {
        long nanos = latency.toNanos();
        switch (outcome) {
            case OK -> breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            case SERVER_ERROR, TIMEOUT -> breaker.onError(nanos, TimeUnit.NANOSECONDS, new ModelFailure(outcome));
            default -> breaker.releasePermission();
        }
        if (outcome == AttemptOutcome.OK) {
            latencyMs = Double.isNaN(latencyMs) ? latency.toMillis() : (1 - ALPHA) * latencyMs + ALPHA * latency.toMillis();
        }
        double success = outcome == AttemptOutcome.OK ? 1 : 0;
        successRate = Double.isNaN(successRate) ? success : (1 - ALPHA) * successRate + ALPHA * success;
        samples++;
    }

    /**
     * Pauses calls to this model, not to its whole provider, for the provider's Retry-After. A
     * second pause never shortens the first: a later cooldown must not keep an earlier, shorter
     * deadline.
     */
    public synchronized void pauseFor(Duration retryAfter, long nowNanos) {
        pausedUntilNanos = Math.max(pausedUntilNanos, nowNanos + retryAfter.toNanos());
    }

    /** How long calls must still wait, zero when the model is not paused. */
    public Duration pauseRemaining(long nowNanos) {
        long remaining = pausedUntilNanos - nowNanos;
        return remaining > 0 ? Duration.ofNanos(remaining) : Duration.ZERO;
    }

    public String model() {
        return model;
    }

    public String provider() {
        return provider;
    }

    public CircuitState circuit() {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.CLOSED;
        };
    }

    public synchronized ModelStats snapshot(Instant now) {
        return ModelStats.newBuilder()
                .setModel(model).setProvider(provider).setCircuit(circuit())
                .setLatencyMs(Double.isNaN(latencyMs) ? 0 : latencyMs)
                .setSuccessRate(Double.isNaN(successRate) ? 1 : successRate)
                .setSamples(samples).setUpdatedAtMs(now)
                .build();
    }

    /** Marks a model-side failure for the breaker; never thrown. */
    private static final class ModelFailure extends RuntimeException {
        ModelFailure(AttemptOutcome outcome) {
            super(outcome.wireName(), null, false, false);
        }
    }
}
