package dev.switchyard.router;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.router.fallback.FallbackOptions;
import dev.switchyard.schema.topic.Topics;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;

/** The router topology with the application's own wiring and defaults, on a test driver whose wall clock starts at {@code now}. */
final class RouterTestDriver {

    private RouterTestDriver() {
    }

    static TopologyTestDriver create(Topics topics, Instant now) {
        StreamsBuilder builder = new StreamsBuilder();
        RouterProperties defaults = new RouterProperties("", null, 100, 1024, 3, java.time.Duration.ofHours(24),
                FallbackOptions.defaults().maxAttempts(), FallbackOptions.defaults().retriesPerModel(),
                FallbackOptions.defaults().initialBackoff(), FallbackOptions.defaults().maxBackoff());
        RouterTopology.build(builder, topics, RouterApplication.core(topics, CatalogLoader::defaultCatalog, defaults));
        Properties props = new Properties();
        props.put("application.id", "router-test");
        props.put("bootstrap.servers", "unused:9092");
        props.put("statestore.cache.max.bytes", "0");
        return new TopologyTestDriver(builder.build(), props, now);
    }
}
