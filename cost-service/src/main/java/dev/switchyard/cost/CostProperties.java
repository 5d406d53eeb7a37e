package dev.switchyard.cost;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cost service's settings ({@code switchyard.cost.*}); {@link CostOptions} gives the
 * reasons behind the topology's defaults.
 *
 * @param streamThreads  Kafka Streams threads of this instance; more than one pays off only with
 *                       cores to spare beside the other services
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
        @DefaultValue("1s") Duration flushInterval,
        @DefaultValue("1") int streamThreads,
        @DefaultValue("localhost") String advertisedHost) {

    public CostOptions options() {
        return new CostOptions(dedupeWindow, grace, periodCheck, flushInterval);
    }
}
