package dev.switchyard.executor.health;

import dev.switchyard.core.stats.ModelStatsKey;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what this executor instance observes of each model to the compacted
 * {@code llm.model-stats} topic, under its own key per model ({@link ModelStatsKey}), where the
 * router reads and combines every instance's: periodically, and at once when a breaker changes
 * state. On close it deletes its keys, so that the router stops counting an instance that is gone.
 */
public final class ModelStatsPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelStatsPublisher.class);

    private final Topics topics;
    private final Producer<byte[], byte[]> producer;
    private final Duration interval;
    private final String instanceId;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("model-stats").daemon().factory());
    /**
     * The models this instance wrote a key for, with when their last report was taken; guarded by
     * {@code this}, as is {@link #closed}.
     */
    private final Map<String, Instant> lastSent = new LinkedHashMap<>();
    private boolean closed;

    public ModelStatsPublisher(Topics topics, Producer<byte[], byte[]> producer, Duration interval, String instanceId) {
        this.topics = topics;
        this.producer = producer;
        this.interval = interval;
        this.instanceId = instanceId;
    }

    public void start(ModelHealthRegistry registry) {
        timer.scheduleAtFixedRate(() -> registry.all().forEach(this::publish), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Also called from the breakers' own threads (an open breaker turns half-open on a timer), even
     * after the workers stopped: hence the check that this publisher is not closed, under the same
     * lock as the deletions, so that no report comes after them. The snapshot is taken outside that
     * lock: a breaker calls this while its model's health is locked, which the snapshot locks too.
     * So a periodic snapshot may lose the race to a breaker change's; it is then dropped, not sent
     * after the newer one.
     */
    public void publish(ModelHealth health) {
        ModelStats stats = health.snapshot(Instant.now());
        if (stats.getSamples() == 0 && stats.getCircuit() == CircuitState.CLOSED) {
            return;
        }
        synchronized (this) {
            Instant last = lastSent.get(stats.getModel());
            boolean newer = last == null || !stats.getUpdatedAtMs().isBefore(last);
            if (!closed && newer && send(stats.getModel(), stats)) {
                lastSent.put(stats.getModel(), stats.getUpdatedAtMs());
            }
        }
    }

    private boolean send(String model, ModelStats stats) {
        String topic = topics.modelStats.name();
        try {
            producer.send(new ProducerRecord<>(topic,
                    topics.modelStats.keySerde().serializer().serialize(topic, ModelStatsKey.of(model, instanceId)),
                    stats == null ? null : topics.modelStats.valueSerde().serializer().serialize(topic, stats)));
            return true;
        } catch (RuntimeException e) {
            log.warn("could not publish stats of {}: {}", model, e.toString());
            return false;
        }
    }

    /** Stops the reports and deletes this instance's keys; the producer, closed after, sends the deletions. */
    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            lastSent.keySet().forEach(model -> send(model, null));
        }
    }
}
