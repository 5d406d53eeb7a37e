package dev.switchyard.cost;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cost service's settings ({@code switchyard.cost.*}); {@link CostOptions} gives the
 * reasons behind the topology's defaults.
 *
 * @param advertisedHost the host name other instances reach this one's query API by; with the
 *                       server port, it is this instance's Kafka Streams {@code application.server}
 */
@ConfigurationProperties("switchyard.cost")
public record CostProperties(
        String stateDir,
        @DefaultValue("100") long commitIntervalMs,
        @DefaultValue("24h") Duration dedupeWindow,
        @DefaultValue("1h") Duration grace,
        @DefaultValue("1m") Duration periodCheck,
        @DefaultValue("localhost") String advertisedHost) {

    public CostOptions options() {
        return new CostOptions(dedupeWindow, grace, periodCheck);
    }
}
