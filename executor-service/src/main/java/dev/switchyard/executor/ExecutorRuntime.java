package dev.switchyard.executor;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.CompactedTopicView;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.executor.adapter.ProviderAdapter;
import dev.switchyard.executor.adapter.ProviderAdapters;
import dev.switchyard.executor.health.GroupSizeWatcher;
import dev.switchyard.executor.health.ModelHealthRegistry;
import dev.switchyard.executor.health.ModelStatsPublisher;
import dev.switchyard.executor.health.ProviderLimits;
import dev.switchyard.executor.metrics.ExecutorMetrics;
import dev.switchyard.executor.work.ProviderWorker;
import dev.switchyard.executor.work.Workers;
import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/** Starts one worker (one consumer group) per served provider, and the model stats they feed. */
public final class ExecutorRuntime implements SmartLifecycle, HealthIndicator {

    private final KafkaSettings kafka;
    private final Supplier<Catalog> catalog;
    private final ExecutorProperties properties;
    private final ExecutorMetrics metrics;
    private final List<ProviderWorker> workers = new ArrayList<>();
    private final List<ProviderAdapter> adapters = new ArrayList<>();
    private Producer<byte[], byte[]> producer;
    private ModelStatsPublisher stats;
    private GroupSizeWatcher groupSizes;
    private CompactedTopicView<BatchCancellation> cancelledBatches;
    private ModelHealthRegistry modelHealth;

    /**
     * @param catalog the live catalog: prices follow every new version at once; the set of served
     *                providers is fixed at start, so a new provider needs a restart (or a new instance)
     */
    public ExecutorRuntime(KafkaSettings kafka, Supplier<Catalog> catalog, ExecutorProperties properties, ExecutorMetrics metrics) {
        this.kafka = kafka;
        this.catalog = catalog;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        Topics topics = kafka.topics();
        // Workers write through their own transactional producers; this one carries model stats only.
        producer = new KafkaProducer<>(kafka.producer("switchyard-executor-stats"));
        stats = new ModelStatsPublisher(topics, producer, properties.statsInterval(), properties.instanceIdOrDefault());
        ModelHealthRegistry health = new ModelHealthRegistry(ModelHealthRegistry.BreakerOptions.defaults(), stats::publish,
                metrics::breaker);
        modelHealth = health;
        stats.start(health);
        cancelledBatches = new CompactedTopicView<>(kafka, topics.batchCancellations);
        Map<String, ProviderLimits> limitsByGroup = new HashMap<>();
        for (ProviderSpec provider : served()) {
            ProviderLimits limits = (properties.enforceRateLimits()
                    ? new ProviderLimits(provider, Duration.ofSeconds(1), properties.rateLimitWait())
                    : ProviderLimits.unenforced(provider)).withMaxInFlightPerModel(properties.maxInFlightPerModel());
            limitsByGroup.put(kafka.topicPrefix() + ProviderWorker.groupId(provider.id()), limits);
            ProviderAdapter adapter = ProviderAdapters.create(provider, properties.adapterOptions(),
                    properties.baseUrlOverride(), System.getenv());
            adapters.add(adapter);
            ProviderWorker worker = Workers.create(provider.id(), kafka, topics, adapter, catalog,
                    Clock.systemUTC(), properties.workerOptions(), health, limits, metrics, cancelledBatches::contains);
            workers.add(worker);
            worker.start();
        }
        groupSizes = new GroupSizeWatcher(kafka, limitsByGroup, Duration.ofSeconds(15));
    }

    private List<ProviderSpec> served() {
        if (properties.providers().isEmpty()) {
            return catalog.get().providers();
        }
        return properties.providers().stream().map(catalog.get()::provider).toList();
    }

    @Override
    public synchronized void stop() {
        // Every worker drains its calls at the same time: a stop takes one grace period, not one per provider.
        workers.forEach(ProviderWorker::stopAsync);
        workers.forEach(ProviderWorker::close);
        workers.clear();
        if (groupSizes != null) {
            groupSizes.close();
        }
        if (cancelledBatches != null) {
            cancelledBatches.close();
            cancelledBatches = null;
        }
        if (stats != null) {
            stats.close();
        }
        if (producer != null) {
            producer.close();
            producer = null;
        }
        adapters.forEach(ProviderAdapter::close);
        adapters.clear();
    }

    @Override
    public boolean isRunning() {
        return producer != null;
    }

    /**
     * UP while every provider's consumer runs. A provider whose models' circuits are open is
     * reported in the details, not as DOWN: its outage is the router's to route around, and
     * restarting this instance would not cure it.
     */
    @Override
    public Health health() {
        boolean allAlive = !workers.isEmpty() && workers.stream().allMatch(ProviderWorker::isAlive);
        Health.Builder health = allAlive ? Health.up() : Health.down();
        return health.withDetail("workers", workers.size())
                .withDetail("inFlight", workers.stream().mapToInt(ProviderWorker::inFlight).sum())
                .withDetail("modelsNotClosed", modelHealth == null ? java.util.Map.of() : modelHealth.unhealthyModelsByProvider())
                .build();
    }
}
