package dev.switchyard.schema.serde;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sample records for the serde tests, with every optional field set. */
final class Records {

    private Records() {
    }

    static LlmRequest fullRequest() {
        return LlmRequest.newBuilder()
                .setRequestId("req-1")
                .setTenantId("acme")
                .setUserId("ada")
                .setBatchId("batch-7")
                .setBatchSize(3)
                .setMessages(List.of(new Message("system", "be brief"), new Message("user", "héllo, wörld ✓")))
                .setModel("gpt-4o-mini")
                .setAllowFallback(false)
                .setStrategy(Strategy.QUALITY)
                .setTaskType("code")
                .setRequiredCapabilities(List.of("code", "json"))
                .setMaxOutputTokens(256)
                .setTemperature(0.25f)
                .setMaxCostNanoUsd(5_000_000L)
                .setPriority(9)
                .setDeadlineMs(Instant.ofEpochMilli(1_800_000_000_000L))
                .setMetadata(Map.of("source", "test"))
                .setCreatedAtMs(Instant.ofEpochMilli(1_790_000_000_123L))
                .build();
    }
}
