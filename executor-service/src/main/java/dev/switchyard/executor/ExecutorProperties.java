package dev.switchyard.executor;

import dev.switchyard.executor.adapter.AdapterOptions;
import dev.switchyard.executor.work.WorkerOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param providers       the providers this instance serves; empty means every catalog provider
 * @param baseUrlOverride reach every provider here instead (provider-sim); blank in production
 * @param statsInterval   how often observed model stats go to {@code llm.model-stats}; breaker
 *                        state changes go at once. The router ignores a report older than 30 s
 *                        (its instance is taken for gone), so keep this well below that
 * @param instanceId      names this instance's reports on {@code llm.model-stats}, where each
 *                        instance has its own key per model; blank: host, pid and a random part,
 *                        unique to each start (see {@link #instanceIdOrDefault})
 * @param rateLimitWait   how long a call waits for this instance's share of its provider's
 *                        requests/tokens per minute before it fails as rate_limited (and the
 *                        router retries it or moves it on)
 * @param maxInFlightPerModel calls of one model at once on this instance (0: only the provider's
 *                        bound); past it an attempt fails as rate_limited and is retried or moved on
 * @param maxHeld         records taken but not yet written (running calls, and finished ones behind
 *                        an earlier record of their partition); 0 means three times {@code maxInFlight}
 * @param clientShards    SDK clients (connection pools) per provider; 0 derives one per 512 calls in flight
 * @param enforceRateLimits hold calls to the catalog's requests and tokens per minute, split over
 *                        the provider's executors; off against provider-sim, whose limits are its knobs
 * @see WorkerOptions
 * @see AdapterOptions
 */
@ConfigurationProperties("switchyard.executor")
public record ExecutorProperties(
        @DefaultValue("") String catalogPath,
        @DefaultValue List<String> providers,
        @DefaultValue("") String baseUrlOverride,
        @DefaultValue("2048") int maxInFlight,
        @DefaultValue("0") int maxInFlightPerModel,
        @DefaultValue("0") int maxHeld,
        @DefaultValue("10ms") Duration commitInterval,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("60s") Duration callTimeout,
        @DefaultValue("false") boolean stream,
        @DefaultValue("256") int maxIdleConnections,
        @DefaultValue("0") int clientShards,
        @DefaultValue("2s") Duration statsInterval,
        @DefaultValue("") String instanceId,
        @DefaultValue("5s") Duration rateLimitWait,
        @DefaultValue("true") boolean enforceRateLimits) {

    /**
     * The configured instance id, or one unique to this start: two executors in one JVM (tests,
     * the CLI) share host and pid, and a restarted one must not be taken for its predecessor,
     * whose last report stays on the compacted topic until it is stale. Host and pid say where a
     * report came from.
     */
    String instanceIdOrDefault() {
        if (!instanceId.isBlank()) {
            return instanceId;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    WorkerOptions workerOptions() {
        return new WorkerOptions(maxInFlight, maxHeld > 0 ? maxHeld : 3 * maxInFlight, commitInterval, shutdownGrace);
    }

    AdapterOptions adapterOptions() {
        int shards = clientShards > 0 ? clientShards
                : Math.max(1, (maxInFlight + AdapterOptions.CALLS_PER_SHARD - 1) / AdapterOptions.CALLS_PER_SHARD);
        return new AdapterOptions(callTimeout, stream, maxIdleConnections, shards);
    }
}
