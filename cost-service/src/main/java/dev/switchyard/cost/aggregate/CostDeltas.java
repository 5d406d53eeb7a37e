package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;

/**
 * The keys and arithmetic of cost aggregates. An event adds to the tenant total, the tenant's
 * user and the tenant's model, each in an hourly, daily and monthly UTC window; a delta is a
 * {@link CostAggregate} holding only some events' amounts, so summing a key's deltas gives its
 * aggregate.
 */
public final class CostDeltas {

    static final String ANY = "*";
    static final char SEPARATOR = '|';

    private CostDeltas() {
    }

    /** The aggregate key: {@code tenant|user|provider|model|WINDOW|windowStartMs}, {@code *} for "all". */
    public static String key(CostAggregate aggregate) {
        return key(aggregate.getTenantId(), aggregate.getUserId(), aggregate.getProvider(), aggregate.getModel(),
                aggregate.getWindow(), aggregate.getWindowStartMs().toEpochMilli());
    }

    static String key(String tenant, String user, String provider, String model, CostWindow window, long startMs) {
        return tenant + SEPARATOR + orAny(user) + SEPARATOR + orAny(provider) + SEPARATOR + orAny(model) + SEPARATOR
                + window.name() + SEPARATOR + startMs;
    }

    /** Every key of one tenant starts with this, so a prefix scan lists the tenant's aggregates. */
    public static String tenantPrefix(String tenantId) {
        return tenantId + SEPARATOR;
    }

    /** The tenant of an aggregate key. */
    public static String tenantOf(String key) {
        int end = key.indexOf(SEPARATOR);
        return end < 0 ? key : key.substring(0, end);
    }

    /** Adds a delta to a running total of the same key. */
    public static CostAggregate add(CostAggregate total, CostAggregate delta) {
        return CostAggregate.newBuilder(total)
                .setRequests(total.getRequests() + delta.getRequests())
                .setInputTokens(total.getInputTokens() + delta.getInputTokens())
                .setCachedInputTokens(total.getCachedInputTokens() + delta.getCachedInputTokens())
                .setCacheWriteInputTokens(total.getCacheWriteInputTokens() + delta.getCacheWriteInputTokens())
                .setOutputTokens(total.getOutputTokens() + delta.getOutputTokens())
                .setCostNanoUsd(Math.addExact(total.getCostNanoUsd(), delta.getCostNanoUsd()))
                .build();
    }

    private static String orAny(String value) {
        return value == null ? ANY : value;
    }
}
