package dev.switchyard.router.stats;

import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One model's stats as the router ranks by them: the fresh reports of every executor instance,
 * combined. Each instance has its own breaker and its own view of the provider, so:
 *
 * <ul>
 *   <li>The circuit is OPEN when any fresh report says OPEN (else HALF_OPEN when any says so). A
 *       breaker opens only on the model's own failures (server errors, timeouts), so one instance
 *       seeing them means part of the traffic fails; routing around the model costs a somewhat
 *       worse choice, sending it work costs failed attempts and retries. A closed breaker on
 *       another instance must not hide that; the open one half-opens on its own and closes when
 *       the provider recovers.</li>
 *   <li>The success rate is the average weighted by each instance's samples, the latency the
 *       average weighted by each instance's successful calls (samples times success rate): latency
 *       is measured on successes only, and an instance that has seen none reports 0, which must not
 *       make the model look fast.</li>
 *   <li>Samples add up, and the time is the newest report's.</li>
 * </ul>
 *
 * <p>A report older than {@link #MAX_AGE} is ignored: its instance is gone (crashed, so it never
 * deleted its key) or cut off, and the compacted topic would keep its last word forever.
 * Executors report every 2 s ({@code switchyard.executor.stats-interval}) while they have
 * anything to say, so 30 s is many missed reports, not a slow one; it assumes the hosts' clocks
 * agree to within seconds, as the reports carry the executor's time.
 *
 * <p>Decoded once per change of the store's value; the combination is kept until one of its
 * reports turns stale. The instances returned are shared, so read-only.
 */
public final class CombinedStats {

    public static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final byte[] bytes;
    private final List<ModelStats> reports;
    private Optional<ModelStats> combined;
    private long computedAtMs = Long.MAX_VALUE;
    /** When the first report of the combination turns stale, and it must be made again. */
    private long validUntilMs;

    private CombinedStats(byte[] bytes, List<ModelStats> reports) {
        this.bytes = bytes;
        this.reports = reports;
    }

    /** @param bytes a model-stats store value ({@link InstanceReports}) */
    public static CombinedStats decode(byte[] bytes, Topic<String, ModelStats> topic) {
        List<ModelStats> reports = new ArrayList<>();
        for (InstanceReports.Report report : InstanceReports.decode(bytes)) {
            reports.add(topic.valueSerde().deserializer().deserialize(topic.name(), report.record()));
        }
        return new CombinedStats(bytes, reports);
    }

    /** Whether these are the reports of this store value. */
    public boolean decodedFrom(byte[] value) {
        return Arrays.equals(bytes, value);
    }

    static boolean fresh(long updatedAtMs, long nowMs) {
        return nowMs - updatedAtMs < MAX_AGE.toMillis();
    }

    /** The combination of the reports fresh at {@code nowMs}; empty when none is. */
    public Optional<ModelStats> at(long nowMs) {
        if (nowMs < computedAtMs || nowMs >= validUntilMs) {
            List<ModelStats> fresh = new ArrayList<>(reports.size());
            validUntilMs = Long.MAX_VALUE;
            for (ModelStats report : reports) {
                long updatedAtMs = report.getUpdatedAtMs().toEpochMilli();
                if (fresh(updatedAtMs, nowMs)) {
                    fresh.add(report);
                    validUntilMs = Math.min(validUntilMs, updatedAtMs + MAX_AGE.toMillis());
                }
            }
            combined = fresh.isEmpty() ? Optional.empty() : Optional.of(combine(fresh));
            computedAtMs = nowMs;
        }
        return combined;
    }

    static ModelStats combine(List<ModelStats> fresh) {
        if (fresh.size() == 1) {
            return fresh.getFirst();
        }
        CircuitState circuit = CircuitState.CLOSED;
        long samples = 0;
        double successes = 0;
        double latencyTimesSuccesses = 0;
        ModelStats newest = fresh.getFirst();
        for (ModelStats report : fresh) {
            circuit = severity(report.getCircuit()) > severity(circuit) ? report.getCircuit() : circuit;
            samples += report.getSamples();
            double ok = report.getSuccessRate() * report.getSamples();
            successes += ok;
            latencyTimesSuccesses += report.getLatencyMs() * ok;
            newest = report.getUpdatedAtMs().isAfter(newest.getUpdatedAtMs()) ? report : newest;
        }
        return ModelStats.newBuilder(newest).setCircuit(circuit).setSamples(samples)
                .setSuccessRate(samples == 0 ? 1 : successes / samples)
                .setLatencyMs(successes == 0 ? 0 : latencyTimesSuccesses / successes)
                .build();
    }

    private static int severity(CircuitState circuit) {
        return switch (circuit) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
