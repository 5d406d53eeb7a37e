package dev.switchyard.executor.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.serde.TrustedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelHealthTest {

    static {
        TrustedRecords.ensure();
    }

    private final List<CircuitState> published = new ArrayList<>();
    private final ModelHealthRegistry registry = new ModelHealthRegistry(ModelHealthRegistry.BreakerOptions.defaults(),
            health -> published.add(health.circuit()));

    @Test
    void aRateLimitPausesTheModelAndALaterPauseNeverShortensIt() {
        ModelHealth model = registry.of("gpt-4o", "openai");
        long now = 1_000_000_000L;
        model.pauseFor(Duration.ofSeconds(5), now);
        model.pauseFor(Duration.ofSeconds(1), now); // a second, shorter Retry-After
        assertThat(model.pauseRemaining(now + Duration.ofSeconds(2).toNanos())).isEqualTo(Duration.ofSeconds(3));
        assertThat(model.pauseRemaining(now + Duration.ofSeconds(6).toNanos())).isZero();
        assertThat(registry.of("gpt-4o-mini", "openai").pauseRemaining(now)).as("its siblings are not paused").isZero();
    }

    @Test
    void serverErrorsOpenTheBreakerButRequestErrorsDoNot() {
        ModelHealth flaky = registry.of("flaky", "p");
        ModelHealth picky = registry.of("picky", "p");
        for (int i = 0; i < 20; i++) {
            assertThat(picky.permit()).isTrue();
            picky.record(AttemptOutcome.CONTEXT_LENGTH, Duration.ofMillis(10));
            if (flaky.permit()) {
                flaky.record(AttemptOutcome.SERVER_ERROR, Duration.ofMillis(10));
            }
        }
        assertThat(picky.circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(flaky.circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(flaky.permit()).isFalse();
        assertThat(published).containsExactly(CircuitState.OPEN);
        assertThat(registry.unhealthyModelsByProvider()).isEqualTo(java.util.Map.of("p", List.of("flaky OPEN")));
        assertThat(flaky.snapshot(java.time.Instant.EPOCH).getSuccessRate()).isLessThan(0.2);
    }
}
