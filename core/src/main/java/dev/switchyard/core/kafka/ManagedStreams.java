package dev.switchyard.core.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * A Kafka Streams app as a Spring lifecycle bean and health indicator: started after the
 * context is ready, closed gracefully on shutdown, and healthy only while RUNNING (out of
 * service while it rebalances). A crashed stream thread is replaced rather than taking the app down.
 * Kafka Streams' metrics, and those of the clients it embeds, go to the service's meter registry
 * (tagged {@code streams=<name>}): commit and process latency, records lagging, threads alive. They
 * are what an operator reads when the service falls behind, and how a stream thread blocked in its
 * exactly-once commits shows (BENCHMARKS.md).
 */
public final class ManagedStreams implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ManagedStreams.class);

    private final String name;
    private final Topology topology;
    private final Properties properties;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    /** @param meters where the app's metrics go; null for nowhere */
    public ManagedStreams(String name, Topology topology, Properties properties, MeterRegistry meters) {
        this.name = name;
        this.topology = topology;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        log.info("{} topology:\n{}", name, topology.describe());
        streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("{} stream thread failed; replacing it", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("{}: {} -> {}", name, before, now));
        if (meters != null) {
            metrics = new KafkaStreamsMetrics(streams, Tags.of("streams", name));
            metrics.bindTo(meters);
        }
        streams.start();
    }

    @Override
    public synchronized void stop() {
        if (streams != null) {
            if (metrics != null) {
                // First, so that no scrape reads the metrics of clients being closed.
                metrics.close();
                metrics = null;
            }
            streams.close(Duration.ofSeconds(30));
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The running app, for interactive queries of its stores. */
    public KafkaStreams kafkaStreams() {
        KafkaStreams current = streams;
        if (current == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return current;
    }

    private KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }

    @Override
    public Health health() {
        KafkaStreams.State state = state();
        // Ready only when RUNNING: while it rebalances, a Streams app processes nothing.
        Health.Builder health = state == KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService();
        return health.withDetail("streams", name).withDetail("state", state.name()).build();
    }
}
