package dev.switchyard.executor.health;

import dev.switchyard.core.catalog.ProviderSpec;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * A provider's requests/minute and tokens/minute limits, as token buckets (resilience4j), for
 * this instance's share of them. The catalog's limits are the account's: with N executor
 * instances in the provider's consumer group, each takes 1/N, re-split whenever the group's size
 * changes (FIELD-NOTES: limits enforced per pod became limit x replicas). Buckets refill every
 * {@code period} with that period's share, so a minute's quota is not spent in its first second.
 */
public final class ProviderLimits {

    private final ProviderSpec provider;
    private final Duration period;
    private final Duration maxWait;
    private volatile RateLimiter requests;
    private volatile RateLimiter tokens;
    private volatile int members;
    private final boolean enforced;

    public ProviderLimits(ProviderSpec provider, Duration period, Duration maxWait) {
        this(provider, period, maxWait, true);
    }

    private ProviderLimits(ProviderSpec provider, Duration period, Duration maxWait, boolean enforced) {
        this.provider = provider;
        this.period = period;
        this.maxWait = maxWait;
        this.enforced = enforced;
        split(1);
    }

    /** Limits that grant everything: for provider-sim, whose limits are its own knobs. */
    public static ProviderLimits unenforced(ProviderSpec provider) {
        return new ProviderLimits(provider, Duration.ofSeconds(1), Duration.ZERO, false);
    }

    /**
     * Takes one request and its estimated tokens from the buckets, waiting up to the configured
     * time; false when the limit leaves no room in that time.
     */
    public boolean acquire(long estimatedTokens) {
        if (!enforced) {
            return true;
        }
        if (!requests.acquirePermission(1)) {
            return false;
        }
        // A call larger than a whole period's share still goes, once the bucket is full.
        int permits = (int) Math.max(1, Math.min(estimatedTokens, tokens.getRateLimiterConfig().getLimitForPeriod()));
        return tokens.acquirePermission(permits);
    }

    /**
     * Re-splits the account's limits over the live members of the provider's group, at once: new
     * buckets replace the old ones (resilience4j's own change waits for the next period). The
     * moment of the switch may grant up to one period's share twice, which a one-second period
     * keeps small.
     */
    public void members(int count) {
        int live = Math.max(1, count);
        if (live != members) {
            split(live);
        }
    }

    private void split(int instances) {
        members = instances;
        requests = RateLimiter.of(provider.id() + "-requests", config(share(provider.requestsPerMinute(), instances)));
        tokens = RateLimiter.of(provider.id() + "-tokens", config(share(provider.tokensPerMinute(), instances)));
    }

    private int share(long perMinute, int instances) {
        double perPeriod = perMinute * (period.toMillis() / 60_000.0) / instances;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(perPeriod)));
    }

    private RateLimiterConfig config(int limitForPeriod) {
        return RateLimiterConfig.custom()
                .limitRefreshPeriod(period)
                .limitForPeriod(limitForPeriod)
                .timeoutDuration(maxWait)
                .build();
    }
}
