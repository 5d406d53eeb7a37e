package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.UsageEvent;
import java.time.Instant;

/**
 * What one input adds to the aggregates. Usage events bring tokens and cost (one per billed
 * attempt); terminal results bring the request count, so that a request with three attempts is
 * still one request.
 */
public record CostEvent(String tenantId, String userId, String provider, String model, Instant at, long requests,
                        long inputTokens, long cachedInputTokens, long outputTokens, long costNanoUsd,
                        long cacheWriteInputTokens) {

    public static CostEvent of(UsageEvent usage) {
        return new CostEvent(usage.getTenantId(), usage.getUserId(), usage.getProvider(), usage.getModel(), usage.getAtMs(),
                0, usage.getInputTokens(), usage.getCachedInputTokens(), usage.getOutputTokens(), usage.getCostNanoUsd(),
                usage.getCacheWriteInputTokens());
    }

    public static CostEvent of(LlmResult result) {
        return new CostEvent(result.getTenantId(), result.getUserId(), result.getProvider(), result.getModel(),
                result.getCompletedAtMs(), 1, 0, 0, 0, 0, 0);
    }
}
