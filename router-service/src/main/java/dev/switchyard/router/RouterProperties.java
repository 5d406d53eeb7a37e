package dev.switchyard.router;

import dev.switchyard.router.routing.RoutingOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param catalogPath      the YAML catalog; blank means the built-in default catalog
 * @param stateDir         Kafka Streams state; one per instance on a host
 * @param commitIntervalMs each exactly-once commit makes routed work visible to executors, so
 *                         this is the latency the router adds; 100 ms is Streams' EOS default
 */
@ConfigurationProperties("switchyard.router")
public record RouterProperties(
        @DefaultValue("") String catalogPath,
        String stateDir,
        @DefaultValue("100") long commitIntervalMs,
        @DefaultValue("1024") int defaultMaxOutputTokens,
        @DefaultValue("3") int maxFallbacks) {

    RoutingOptions routingOptions() {
        return new RoutingOptions(defaultMaxOutputTokens, maxFallbacks);
    }
}
