package dev.switchyard.executor.health;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/**
 * One account limit's requests/minute and tokens/minute as token buckets (resilience4j), for
 * this instance's share of it: 1/N of the limit with N live members of the consumer group.
 * Buckets refill every {@code period} with that period's share, so a minute's quota is not spent
 * in its first second. A limit of 0 is no limit.
 */
final class RateBuckets {

    private final int requestsPerMinute;
    private final long tokensPerMinute;
    private final int instances;
    private final RateLimiter requests;
    private final RateLimiter tokens;

    RateBuckets(String name, int requestsPerMinute, long tokensPerMinute, int instances, Duration period, Duration maxWait) {
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.instances = instances;
        this.requests = requestsPerMinute <= 0 ? null
                : RateLimiter.of(name + "-requests", config(share(requestsPerMinute, instances, period), period, maxWait));
        this.tokens = tokensPerMinute <= 0 ? null
                : RateLimiter.of(name + "-tokens", config(share(tokensPerMinute, instances, period), period, maxWait));
    }

    boolean acquire(long estimatedTokens) {
        if (requests != null && !requests.acquirePermission(1)) {
            return false;
        }
        if (tokens == null) {
            return true;
        }
        // A call larger than a whole period's share still goes, once the bucket is full.
        int permits = (int) Math.max(1, Math.min(estimatedTokens, tokens.getRateLimiterConfig().getLimitForPeriod()));
        return tokens.acquirePermission(permits);
    }

    boolean isFor(int requestsPerMinute, long tokensPerMinute, int instances) {
        return this.requestsPerMinute == requestsPerMinute && this.tokensPerMinute == tokensPerMinute && this.instances == instances;
    }

    private static int share(long perMinute, int instances, Duration period) {
        double perPeriod = perMinute * (period.toMillis() / 60_000.0) / instances;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(perPeriod)));
    }

    private static RateLimiterConfig config(int limitForPeriod, Duration period, Duration maxWait) {
        return RateLimiterConfig.custom().limitRefreshPeriod(period).limitForPeriod(limitForPeriod).timeoutDuration(maxWait).build();
    }
}
