package dev.switchyard.executor.health;

import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A provider's requests/minute and tokens/minute limits, and those of each of its models that
 * has limits of its own in the catalog, for this instance's share of them. The catalog's limits
 * are the account's: with N executor instances in the provider's consumer group, each takes 1/N,
 * re-split whenever the group's size changes (a limit enforced whole on every instance would
 * become limit x instances). A call takes from its model's buckets, then from its provider's. Separately, a
 * model may be bounded in calls at once on this instance, so that one model's slow answers cannot
 * take all of its provider's in-flight room.
 */
public final class ProviderLimits {

    private final ProviderSpec provider;
    private final Duration period;
    private final Duration maxWait;
    private final boolean enforced;
    private final Map<String, RateBuckets> models = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> callsAtOnce = new ConcurrentHashMap<>();
    private volatile int maxInFlightPerModel;
    private volatile RateBuckets account;
    private volatile int members;

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

    /** Limits that grant every rate: for provider-sim, whose limits are its own knobs. */
    public static ProviderLimits unenforced(ProviderSpec provider) {
        return new ProviderLimits(provider, Duration.ofSeconds(1), Duration.ZERO, false);
    }

    /** @param max calls of one model in flight at once on this instance; 0: no bound but the provider's */
    public ProviderLimits withMaxInFlightPerModel(int max) {
        this.maxInFlightPerModel = max;
        return this;
    }

    /**
     * Takes one of the model's slots for calls at once, without waiting: false when the model has
     * its bound in flight (the attempt then fails as rate_limited and the router retries or moves
     * on, rather than the call holding a slot of its provider while it waits). Every true is
     * followed by one {@link #exit}.
     */
    public boolean enter(String model) {
        int max = maxInFlightPerModel;
        return max <= 0 || callsAtOnce.computeIfAbsent(model, id -> new Semaphore(max)).tryAcquire();
    }

    public void exit(String model) {
        if (maxInFlightPerModel > 0) {
            Semaphore slots = callsAtOnce.get(model);
            if (slots != null) {
                slots.release();
            }
        }
    }

    /** The provider's limits alone. */
    public boolean acquire(long estimatedTokens) {
        return acquire(null, estimatedTokens);
    }

    /**
     * Takes one request and its estimated tokens from the model's buckets (when the catalog gives
     * the model limits of its own) and the provider's, waiting up to the configured time; false
     * when a limit leaves no room in that time. A model's limits follow the live catalog.
     */
    public boolean acquire(ModelSpec model, long estimatedTokens) {
        if (!enforced) {
            return true;
        }
        if (model != null && (model.requestsPerMinute() > 0 || model.tokensPerMinute() > 0)) {
            int instances = members;
            RateBuckets own = models.compute(model.id(), (id, current) ->
                    current != null && current.isFor(model.requestsPerMinute(), model.tokensPerMinute(), instances) ? current
                            : new RateBuckets(provider.id() + "-" + id, model.requestsPerMinute(), model.tokensPerMinute(),
                                    instances, period, maxWait));
            if (!own.acquire(estimatedTokens)) {
                return false;
            }
        }
        return account.acquire(estimatedTokens);
    }

    /**
     * Re-splits the limits over the live members of the provider's group, at once: new buckets
     * replace the old ones (resilience4j's own change waits for the next period). The moment of
     * the switch may grant up to one period's share twice, which a one-second period keeps small.
     * Model buckets are re-split as their models are next called.
     */
    public void members(int count) {
        int live = Math.max(1, count);
        if (live != members) {
            split(live);
        }
    }

    /** How many live executors of the provider's group the limits are split over now. */
    public int members() {
        return members;
    }

    private void split(int instances) {
        members = instances;
        account = new RateBuckets(provider.id(), provider.requestsPerMinute(), provider.tokensPerMinute(), instances, period, maxWait);
    }
}
