package dev.switchyard.executor.work;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.executor.adapter.ProviderAdapter;
import dev.switchyard.executor.health.ModelHealthRegistry;
import dev.switchyard.executor.health.ProviderLimits;
import dev.switchyard.executor.metrics.ExecutorMetrics;
import dev.switchyard.schema.topic.Topics;
import java.time.Clock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The public way to build a {@link ProviderWorker}; its parts stay package-private. */
public final class Workers {

    private Workers() {
    }

    /** @param batchCancelled whether a batch was cancelled: its work not yet started ends without a provider call */
    public static ProviderWorker create(String provider, KafkaSettings kafka, Topics topics,
                                        ProviderAdapter adapter, Supplier<Catalog> catalog, Clock clock, WorkerOptions options,
                                        ModelHealthRegistry health, ProviderLimits limits, ExecutorMetrics metrics,
                                        Predicate<String> batchCancelled) {
        ProviderWorker worker = new ProviderWorker(provider, kafka, topics, adapter,
                new AttemptRunner(catalog, topics, clock, health, limits, metrics, batchCancelled), options, metrics);
        metrics.worker(provider, worker::inFlight, worker::pausedPartitions);
        return worker;
    }
}
