package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import java.time.Instant;

/** A running sum of one aggregate key, mutable and cheap to add to; an Avro delta is built only when it is forwarded. */
final class CostSum {

    private final String tenant;
    private final String user;
    private final String provider;
    private final String model;
    private final CostWindow window;
    private final long startMs;
    private long requests;
    private long inputTokens;
    private long cachedInputTokens;
    private long cacheWriteInputTokens;
    private long outputTokens;
    private long costNanoUsd;

    CostSum(String tenant, String user, String provider, String model, CostWindow window, long startMs) {
        this.tenant = tenant;
        this.user = user;
        this.provider = provider;
        this.model = model;
        this.window = window;
        this.startMs = startMs;
    }

    void add(CostEvent event) {
        requests += event.requests();
        inputTokens += event.inputTokens();
        cachedInputTokens += event.cachedInputTokens();
        cacheWriteInputTokens += event.cacheWriteInputTokens();
        outputTokens += event.outputTokens();
        costNanoUsd = Math.addExact(costNanoUsd, event.costNanoUsd());
    }

    CostAggregate delta() {
        Instant start = Instant.ofEpochMilli(startMs);
        return CostAggregate.newBuilder()
                .setTenantId(tenant).setUserId(user).setProvider(provider).setModel(model)
                .setWindow(window).setWindowStartMs(start).setWindowEndMs(CostWindows.end(window, start))
                .setRequests(requests).setInputTokens(inputTokens).setCachedInputTokens(cachedInputTokens)
                .setCacheWriteInputTokens(cacheWriteInputTokens).setOutputTokens(outputTokens).setCostNanoUsd(costNanoUsd)
                .build();
    }
}
