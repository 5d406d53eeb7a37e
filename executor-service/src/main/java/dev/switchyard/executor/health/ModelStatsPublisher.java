package dev.switchyard.executor.health;

import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what this executor observes of each model to the compacted {@code llm.model-stats}
 * topic, where the router reads it: periodically, and at once when a breaker changes state.
 */
public final class ModelStatsPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelStatsPublisher.class);

    private final Topics topics;
    private final Producer<byte[], byte[]> producer;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("model-stats").daemon().factory());

    public ModelStatsPublisher(Topics topics, Producer<byte[], byte[]> producer, Duration interval) {
        this.topics = topics;
        this.producer = producer;
        this.interval = interval;
    }

    public void start(ModelHealthRegistry registry) {
        timer.scheduleAtFixedRate(() -> registry.all().forEach(this::publish), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public void publish(ModelHealth health) {
        ModelStats stats = health.snapshot(Instant.now());
        if (stats.getSamples() == 0 && stats.getCircuit() == dev.switchyard.schema.internal.CircuitState.CLOSED) {
            return;
        }
        String topic = topics.modelStats.name();
        try {
            producer.send(new ProducerRecord<>(topic, topics.modelStats.keySerde().serializer().serialize(topic, stats.getModel()),
                    topics.modelStats.valueSerde().serializer().serialize(topic, stats)));
        } catch (RuntimeException e) {
            log.warn("could not publish stats of {}: {}", stats.getModel(), e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
