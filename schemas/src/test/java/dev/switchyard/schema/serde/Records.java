package dev.switchyard.schema.serde;

import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import dev.switchyard.schema.Tool;
import dev.switchyard.schema.ToolCall;
import dev.switchyard.schema.Messages;
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
                .setMessages(List.of(Messages.text("system", "be brief"), Messages.text("user", "héllo, wörld ✓"),
                        Messages.parts("user", List.of(
                                ContentPart.newBuilder().setType(ContentPartType.TEXT).setText("what is this?").build(),
                                ContentPart.newBuilder().setType(ContentPartType.IMAGE).setImageBase64("iVBORw0KGgo=")
                                        .setMediaType("image/png").setDetail("low").build())),
                        Messages.toolCalls("", List.of(new ToolCall("call_1", "lookup", "{\"q\":\"x\"}"))),
                        Messages.toolResult("call_1", "lookup", "{\"found\":true}")))
                .setTools(List.of(new Tool("lookup", "looks a thing up", "{\"type\":\"object\"}")))
                .setToolChoice("auto")
                .setResponseFormat(new ResponseFormat(ResponseFormatType.JSON_SCHEMA, "answer", "{\"type\":\"object\"}", true))
                .setStop(List.of("END"))
                .setTopP(0.9f)
                .setSeed(42L)
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
