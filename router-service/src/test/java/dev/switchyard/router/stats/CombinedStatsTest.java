package dev.switchyard.router.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.serde.TrustedRecords;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedStatsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    static {
        TrustedRecords.ensure(); // these records are built before any serde exists
    }

    @Test
    void latencyIsWeightedBySuccessfulCallsSuccessBySamplesAndAnyOpenCircuitWins() {
        ModelStats healthy = stats(CircuitState.CLOSED, 400, 1.0, 30, NOW.minusSeconds(1));
        ModelStats failing = stats(CircuitState.OPEN, 0, 0.0, 10, NOW); // no success yet: its latency 0 means nothing
        ModelStats combined = CombinedStats.combine(List.of(healthy, failing));
        assertThat(combined.getCircuit()).isEqualTo(CircuitState.OPEN);
        assertThat(combined.getLatencyMs()).isEqualTo(400);
        assertThat(combined.getSuccessRate()).isCloseTo(0.75, within(1e-9));
        assertThat(combined.getSamples()).isEqualTo(40);
        assertThat(combined.getUpdatedAtMs()).isEqualTo(NOW);

        ModelStats slower = stats(CircuitState.HALF_OPEN, 1_000, 0.5, 20, NOW); // 10 successes against healthy's 30
        ModelStats both = CombinedStats.combine(List.of(healthy, slower));
        assertThat(both.getCircuit()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(both.getLatencyMs()).isCloseTo((400 * 30 + 1_000 * 10) / 40.0, within(1e-9));
        assertThat(both.getSuccessRate()).isCloseTo((30 + 10) / 50.0, within(1e-9));
    }

    @Test
    void aLoneFreshReportIsReturnedAsItCame() {
        ModelStats only = stats(CircuitState.CLOSED, 400, 1.0, 30, NOW);
        assertThat(CombinedStats.combine(List.of(only))).isSameAs(only);
    }

    private static ModelStats stats(CircuitState circuit, double latencyMs, double successRate, long samples, Instant at) {
        return ModelStats.newBuilder().setModel("m").setProvider("p").setCircuit(circuit).setLatencyMs(latencyMs)
                .setSuccessRate(successRate).setSamples(samples).setUpdatedAtMs(at).build();
    }
}
