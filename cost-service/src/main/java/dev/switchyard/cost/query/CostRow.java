package dev.switchyard.cost.query;

import dev.switchyard.schema.CostAggregate;
import java.math.BigDecimal;
import java.util.List;

/**
 * One cost aggregate as the API shows it: docs/CONTRACT.md's fields, plus the cost in USD as an
 * exact decimal string for people (the integer nano-USD stays the figure to compute with).
 */
public record CostRow(String tenantId, String userId, String provider, String model, String window,
                      long windowStartMs, long windowEndMs, long requests, long inputTokens, long cachedInputTokens,
                      long outputTokens, long costNanoUsd, String costUsd, long cacheWriteInputTokens) {

    /** New columns go last, so that CSV readers by position keep working. */
    static final List<String> CSV_HEADER = List.of("tenantId", "userId", "provider", "model", "window", "windowStartMs",
            "windowEndMs", "requests", "inputTokens", "cachedInputTokens", "outputTokens", "costNanoUsd", "costUsd",
            "cacheWriteInputTokens");

    public static CostRow of(CostAggregate aggregate) {
        return new CostRow(aggregate.getTenantId(), aggregate.getUserId(), aggregate.getProvider(), aggregate.getModel(),
                aggregate.getWindow().name(), aggregate.getWindowStartMs().toEpochMilli(), aggregate.getWindowEndMs().toEpochMilli(),
                aggregate.getRequests(), aggregate.getInputTokens(), aggregate.getCachedInputTokens(), aggregate.getOutputTokens(),
                aggregate.getCostNanoUsd(), usd(aggregate.getCostNanoUsd()), aggregate.getCacheWriteInputTokens());
    }

    /** This row with another's amounts added: for sums over providers or time. */
    CostRow plus(CostRow other) {
        long cost = Math.addExact(costNanoUsd, other.costNanoUsd);
        return new CostRow(tenantId, userId, provider, model, window, windowStartMs, windowEndMs, requests + other.requests,
                inputTokens + other.inputTokens, cachedInputTokens + other.cachedInputTokens, outputTokens + other.outputTokens,
                cost, usd(cost), cacheWriteInputTokens + other.cacheWriteInputTokens);
    }

    CostRow withGroup(String tenantId, String userId, String provider, String model) {
        return new CostRow(tenantId, userId, provider, model, window, windowStartMs, windowEndMs, requests, inputTokens,
                cachedInputTokens, outputTokens, costNanoUsd, costUsd, cacheWriteInputTokens);
    }

    List<Object> csvFields() {
        return List.of(tenantId, nullToEmpty(userId), nullToEmpty(provider), nullToEmpty(model), window, windowStartMs,
                windowEndMs, requests, inputTokens, cachedInputTokens, outputTokens, costNanoUsd, costUsd, cacheWriteInputTokens);
    }

    static String usd(long nanoUsd) {
        return BigDecimal.valueOf(nanoUsd, 9).toPlainString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
