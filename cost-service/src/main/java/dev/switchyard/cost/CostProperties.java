package dev.switchyard.cost;

import dev.switchyard.cost.retention.Retention;
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
 * @param retention      how long aggregates and batch statuses are kept ({@link Retention} gives
 *                       the defaults and their reasons)
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
        @DefaultValue("localhost") String advertisedHost,
        @DefaultValue RetentionProperties retention) {

    /** {@code switchyard.cost.retention.*}. */
    public record RetentionProperties(
            @DefaultValue("32d") Duration hourly,
            @DefaultValue("400d") Duration daily,
            @DefaultValue("1830d") Duration monthly,
            @DefaultValue("30d") Duration batches,
            @DefaultValue("30d") Duration feedback,
            @DefaultValue("1m") Duration sweepInterval,
            @DefaultValue("10000") int sweepChunk) {

        Retention retention() {
            return new Retention(hourly, daily, monthly, batches, feedback, sweepInterval, sweepChunk);
        }
    }

    public CostOptions options() {
        return new CostOptions(dedupeWindow, grace, periodCheck, flushInterval, retention.retention());
    }
}
