package dev.switchyard.router.core;

import dev.switchyard.router.fallback.FallbackDecider;
import dev.switchyard.router.routing.RequestRouter;
import dev.switchyard.router.routing.RoutingDecision;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds a {@link RouterCore} of the given role per stream task, with the stores it needs connected. */
public record RouterCoreSupplier(Topics topics, RequestRouter router, FallbackDecider fallback, Duration dedupeWindow, CoreRole role)
        implements ProcessorSupplier<String, RouterCommand, String, RoutingDecision> {

    /** The same core in another role. */
    public RouterCoreSupplier as(CoreRole other) {
        return new RouterCoreSupplier(topics, router, fallback, dedupeWindow, other);
    }

    @Override
    public Processor<String, RouterCommand, String, RoutingDecision> get() {
        return new RouterCore(router, fallback, dedupeWindow, role, topics.modelStats);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return RouterStores.of(role, topics, dedupeWindow);
    }
}
