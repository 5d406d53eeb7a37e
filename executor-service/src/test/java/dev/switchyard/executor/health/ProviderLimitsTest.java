package dev.switchyard.executor.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.ProviderKind;
import dev.switchyard.core.catalog.ProviderSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderLimitsTest {

    /** A period of an hour: no refill can happen while the test runs, so the counts are exact. */
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void takesThisInstancesShareOfTheAccountsLimits() {
        // 6 requests/minute is 360 an hour; split over 4 instances, 90 each.
        ProviderLimits limits = new ProviderLimits(new ProviderSpec("p", ProviderKind.OPENAI_COMPATIBLE, "http://x", null, 6, 1_000_000),
                HOUR, Duration.ZERO);
        limits.members(4);
        int granted = 0;
        while (limits.acquire(10) && granted < 1000) {
            granted++;
        }
        assertThat(granted).isEqualTo(90);
    }

    @Test
    void tokensPerMinuteBindToo() {
        // 100 tokens/minute is 6,000 an hour: three calls of 2,000 estimated tokens, then none.
        ProviderLimits limits = new ProviderLimits(new ProviderSpec("p", ProviderKind.OPENAI_COMPATIBLE, "http://x", null, 1_000, 100),
                HOUR, Duration.ZERO);
        assertThat(limits.acquire(2_000)).isTrue();
        assertThat(limits.acquire(2_000)).isTrue();
        assertThat(limits.acquire(2_000)).isTrue();
        assertThat(limits.acquire(2_000)).isFalse();
    }

    @Test
    void aModelsOwnLimitBindsBeforeItsProvidersAndOtherModelsKeepTheirRoom() {
        ProviderLimits limits = new ProviderLimits(new ProviderSpec("p", ProviderKind.OPENAI_COMPATIBLE, "http://x", null, 1_000, 1_000_000),
                HOUR, Duration.ZERO);
        // 2 requests/minute is 120 an hour for the limited model, shared by 2 instances: 60 here.
        limits.members(2);
        ModelSpec limited = model("small", 2);
        int granted = 0;
        while (limits.acquire(limited, 10) && granted < 1000) {
            granted++;
        }
        assertThat(granted).isEqualTo(60);
        assertThat(limits.acquire(model("other", 0), 10)).as("the provider's limit has room left").isTrue();
    }

    private static ModelSpec model(String id, int requestsPerMinute) {
        return new ModelSpec(id, "p", java.util.Set.of("chat"), null, 1000, 100, 100, java.util.Map.of(), requestsPerMinute, 0);
    }
}
