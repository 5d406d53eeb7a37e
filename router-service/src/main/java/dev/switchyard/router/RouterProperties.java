package dev.switchyard.router;

import dev.switchyard.router.classify.ClassifierOptions;
import dev.switchyard.router.fallback.FallbackOptions;
import dev.switchyard.router.lean.LeanOptions;
import dev.switchyard.router.routing.RoutingOptions;
import dev.switchyard.router.strategy.StrategyOptions;
import dev.switchyard.router.validation.RequestLimits;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param catalogPath      the YAML catalog; blank means the built-in default catalog
 * @param stateDir         Kafka Streams state; one per instance on a host
 * @param commitIntervalMs each exactly-once commit makes routed work visible to executors, so
 *                         half of this is the wait a routed request pays on average. At 20 ms
 *                         rather than Streams' EOS default of 100, the router alone at 1,000
 *                         requests/s made routed work readable at a p50 of 23 ms against 66 (p99
 *                         56 against 150), and drained a backlog at 8,714 requests/s against
 *                         10,313 on the same day: each commit costs the broker a marker per
 *                         partition the transaction wrote, and at 0 (a commit per poll) the
 *                         router commits nearly per record and the pipeline took half as many
 *                         requests per second (BENCHMARKS.md)
 * @param dedupeWindow     a requestId seen again within this window is not executed again
 *                         (docs/CONTRACT.md: 24 h)
 * @param producerLingerMs how long the router's producer waits to fill a batch. Kafka Streams
 *                         defaults to 100 ms, which every routed request would wait. At 1 ms, at
 *                         1,000 requests/s, the router's one-hop p99 was 4-5 ms against 7-8 at
 *                         5 ms, which every hop pays as linger; it drains a backlog about a tenth
 *                         slower (medians 28,730 against 32,626 requests/s), still above the
 *                         20,000 goal (BENCHMARKS.md; measured while the JIT compilers still
 *                         compiled, it showed no gain). On a broker that
 *                         re-checks a transaction's first writes every 20 ms, Kafka's default,
 *                         short lingers are slower (p99 20-36 ms at 0-2 ms): see the README's
 *                         Brokers
 * @param streamThreads    Kafka Streams threads of this instance, each with its share of the
 *                         tasks. Routing is CPU work (classify, rank, Avro), and one thread tops
 *                         out at one core: two are for a router with two cores of its own; more
 *                         cores, more threads, up to the number of partitions. Where the broker
 *                         shares the router's two cores, one warm thread routes as much as two
 *                         (BENCHMARKS.md)
 * @param balancedWeights BALANCED weights per tenant id, e.g. {@code switchyard.router.balanced-weights.acme.cost=0.6}
 * @param limits          how large a request may be, e.g. {@code switchyard.router.limits.max-request-bytes}
 * @param classifier      which classifier: {@code switchyard.router.classifier.kind} learned (default) or rules
 * @param lean            each tenant's lean to the large tier, e.g. {@code switchyard.router.lean.large-tier-share.acme=0.25}
 * @see RoutingOptions
 * @see FallbackOptions
 */
@ConfigurationProperties("switchyard.router")
public record RouterProperties(
        @DefaultValue("") String catalogPath,
        String stateDir,
        @DefaultValue("20") long commitIntervalMs,
        @DefaultValue("1024") int defaultMaxOutputTokens,
        @DefaultValue("3") int maxFallbacks,
        @DefaultValue("24h") Duration dedupeWindow,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("1") int retriesPerModel,
        @DefaultValue("250ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("1") int producerLingerMs,
        @DefaultValue("2") int streamThreads,
        @DefaultValue Map<String, StrategyOptions.Weights> balancedWeights,
        @DefaultValue RequestLimits limits,
        @DefaultValue ClassifierOptions classifier,
        @DefaultValue LeanOptions lean) {

    RoutingOptions routingOptions() {
        return new RoutingOptions(defaultMaxOutputTokens, maxFallbacks, limits);
    }

    StrategyOptions strategyOptions() {
        StrategyOptions defaults = StrategyOptions.defaults();
        return new StrategyOptions(balancedWeights, defaults.defaultWeights(), defaults.minLatencySamples(), defaults.judgedPrior());
    }

    FallbackOptions fallbackOptions() {
        return new FallbackOptions(maxAttempts, retriesPerModel, initialBackoff, maxBackoff);
    }
}
