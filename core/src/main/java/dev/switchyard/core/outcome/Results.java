package dev.switchyard.core.outcome;

import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.ErrorInfo;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Routing;
import dev.switchyard.schema.serde.TrustedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds terminal {@link LlmResult}s and their headers, the same way in every service. */
public final class Results {

    public static final String TENANT_HEADER = "tenant-id";
    public static final String BATCH_HEADER = "batch-id";

    static {
        // A result's defaults hold records (tool calls), which Avro instantiates only when trusted.
        TrustedRecords.ensure();
    }

    private Results() {
    }

    /** A result without any attempt: REJECTED or EXPIRED before anything was called. */
    public static LlmResult withoutAttempt(LlmRequest request, ResultStatus status, ErrorCode code, String message,
                                           Routing routing, Instant now) {
        return base(request, List.of(), routing, now)
                .setStatus(status)
                .setError(new ErrorInfo(code.name(), message))
                .build();
    }

    /** A result after attempts; tokens and cost are summed over the billed ones. */
    public static LlmResult afterAttempts(LlmRequest request, ResultStatus status, List<Attempt> attempts,
                                          Routing routing, Instant now) {
        return base(request, attempts, routing, now).setStatus(status).build();
    }

    private static LlmResult.Builder base(LlmRequest request, List<Attempt> attempts, Routing routing, Instant now) {
        int input = 0;
        int cached = 0;
        int cacheWrites = 0;
        int output = 0;
        long cost = 0;
        for (Attempt attempt : attempts) {
            input += attempt.getInputTokens();
            cached += attempt.getCachedInputTokens();
            cacheWrites += attempt.getCacheWriteInputTokens();
            output += attempt.getOutputTokens();
            cost += attempt.getCostNanoUsd();
        }
        return LlmResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(request.getTenantId())
                .setUserId(request.getUserId())
                .setBatchId(request.getBatchId())
                .setBatchSize(request.getBatchSize())
                .setInputTokens(input)
                .setCachedInputTokens(cached)
                .setCacheWriteInputTokens(cacheWrites)
                .setOutputTokens(output)
                .setCostNanoUsd(cost)
                .setAttempts(List.copyOf(attempts))
                .setRouting(routing)
                .setMetadata(request.getMetadata())
                .setCreatedAtMs(request.getCreatedAtMs() == null ? now : request.getCreatedAtMs())
                .setCompletedAtMs(now);
    }

    /** The headers docs/CONTRACT.md puts on {@code llm.results}: tenant-id, and batch-id when set. */
    public static Headers headers(LlmResult result) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TENANT_HEADER, result.getTenantId().getBytes(StandardCharsets.UTF_8));
        if (result.getBatchId() != null) {
            headers.add(BATCH_HEADER, result.getBatchId().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
