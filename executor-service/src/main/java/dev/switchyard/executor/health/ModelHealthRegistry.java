package dev.switchyard.executor.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The circuit breakers of every model this executor calls, one per model (not per provider: one
 * overloaded model must not stop its siblings).
 *
 * <p>Defaults, and why: a breaker opens when half of the last 20 calls failed or 80% were slower
 * than the slow-call threshold, once at least 10 calls were seen (fewer is noise); it stays open 10
 * seconds, then lets 3 probe calls through, and closes again when they succeed.
 */
public final class ModelHealthRegistry {

    private final Map<String, ModelHealth> models = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig config;
    private final Consumer<ModelHealth> onStateChange;
    private final java.util.function.BiConsumer<String, ModelHealth> onNewModel;

    public ModelHealthRegistry(BreakerOptions options, Consumer<ModelHealth> onStateChange) {
        this(options, onStateChange, (model, health) -> { });
    }

    /** @param onNewModel told of each model's health once, when the model is first called (for its gauges) */
    public ModelHealthRegistry(BreakerOptions options, Consumer<ModelHealth> onStateChange,
                               java.util.function.BiConsumer<String, ModelHealth> onNewModel) {
        this.onNewModel = onNewModel;
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(options.window())
                .minimumNumberOfCalls(options.minimumCalls())
                .failureRateThreshold(options.failureRatePercent())
                .slowCallRateThreshold(options.slowCallRatePercent())
                .slowCallDurationThreshold(options.slowCall())
                .waitDurationInOpenState(options.openFor())
                .permittedNumberOfCallsInHalfOpenState(options.probes())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        this.onStateChange = onStateChange;
    }

    public ModelHealth of(String model, String provider) {
        return models.computeIfAbsent(model, id -> {
            CircuitBreaker breaker = CircuitBreaker.of(id, config);
            ModelHealth health = new ModelHealth(id, provider, breaker);
            breaker.getEventPublisher().onStateTransition(event -> onStateChange.accept(health));
            onNewModel.accept(id, health);
            return health;
        });
    }

    public Collection<ModelHealth> all() {
        return List.copyOf(models.values());
    }

    /** Per provider, the models whose circuit is not closed: what an operator looks at first. */
    public java.util.Map<String, List<String>> unhealthyModelsByProvider() {
        java.util.Map<String, List<String>> unhealthy = new java.util.TreeMap<>();
        for (ModelHealth health : models.values()) {
            if (health.circuit() != dev.switchyard.schema.internal.CircuitState.CLOSED) {
                unhealthy.computeIfAbsent(health.provider(), p -> new java.util.ArrayList<>())
                        .add(health.model() + " " + health.circuit());
            }
        }
        unhealthy.values().forEach(list -> list.sort(null));
        return unhealthy;
    }

    /**
     * @param slowCall a successful call slower than this counts as slow; 30 seconds is far beyond a
     *                 healthy answer yet below the call timeout, so a degrading model trips before
     *                 it times out everything
     */
    public record BreakerOptions(int window, int minimumCalls, float failureRatePercent, float slowCallRatePercent,
                                 Duration slowCall, Duration openFor, int probes) {

        public static BreakerOptions defaults() {
            return new BreakerOptions(20, 10, 50, 80, Duration.ofSeconds(30), Duration.ofSeconds(10), 3);
        }
    }
}
