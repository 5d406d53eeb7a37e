package dev.switchyard.executor.metrics;

import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.executor.health.ModelHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The executor's meters, named once here. Tags are providers, models and outcomes: never
 * tenants, prompts or keys, so cardinality stays bounded and nothing secret reaches a metric.
 */
public final class ExecutorMetrics {

    private final MeterRegistry registry;

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Latency histogram and outcome counts of provider calls. */
    public void call(String provider, String model, AttemptOutcome outcome, Duration latency) {
        Timer.builder("switchyard.executor.calls")
                .description("provider calls by outcome")
                .tags("provider", provider, "model", model, "outcome", outcome.wireName())
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    /**
     * What a billed attempt cost, for dashboards of spend by model. The exact, exactly-once
     * figures are the cost service's; a counter here may count an attempt whose transaction aborted.
     */
    public void billed(String provider, String model, long costNanoUsd, long inputTokens, long outputTokens) {
        Counter.builder("switchyard.executor.cost").baseUnit("nanousd").description("cost of billed attempts, nano-USD")
                .tags("provider", provider, "model", model).register(registry).increment(costNanoUsd);
        Counter.builder("switchyard.executor.tokens").description("billed tokens")
                .tags("provider", provider, "model", model, "kind", "input").register(registry).increment(inputTokens);
        Counter.builder("switchyard.executor.tokens").description("billed tokens")
                .tags("provider", provider, "model", model, "kind", "output").register(registry).increment(outputTokens);
    }

    /** A call refused because this instance's share of its provider's limits was used up. */
    public void localLimitRefused(String provider) {
        Counter.builder("switchyard.executor.rate.limited").description("calls refused by this instance's share of the provider's limits")
                .tag("provider", provider).register(registry).increment();
    }

    /** Time a call waited out its model's rate-limit pause (a 429's Retry-After). */
    public void pauseWaited(String model, Duration waited) {
        Timer.builder("switchyard.executor.rate.limit.wait").description("waits for a rate-limited model's pause to end")
                .tag("model", model).register(registry).record(waited);
    }

    /**
     * The Kafka clients' own metrics of a provider's worker, tagged with the provider: how far its
     * group is behind its work topics, and how long its transactions take. The scrape's thread may
     * read them: a client's {@code metrics()}, unlike its other methods, does not need its owner's thread.
     *
     * @return what removes the meters, to run before the clients close
     */
    public Runnable kafkaClients(String provider, Consumer<?, ?> consumer, Producer<?, ?> producer) {
        Tags tags = Tags.of("provider", provider);
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer, tags);
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer, tags);
        consumerMetrics.bindTo(registry);
        producerMetrics.bindTo(registry);
        return () -> {
            consumerMetrics.close();
            producerMetrics.close();
        };
    }

    public void worker(String provider, Supplier<Number> inFlight, Supplier<Number> pausedPartitions) {
        Gauge.builder("switchyard.executor.in.flight", inFlight).description("calls in flight").tag("provider", provider)
                .register(registry);
        Gauge.builder("switchyard.executor.paused.partitions", pausedPartitions).description("work partitions paused for backpressure")
                .tag("provider", provider).register(registry);
    }

    /** The breaker state of a model, as the ordinal of CircuitState: 0 closed, 1 open, 2 half-open. */
    public void breaker(String model, ModelHealth health) {
        Gauge.builder("switchyard.executor.breaker.state", () -> health.circuit().ordinal())
                .description("circuit breaker state: 0 closed, 1 open, 2 half-open").tag("model", model).register(registry);
    }
}
