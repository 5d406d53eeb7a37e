package dev.switchyard.schema.serde;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.schema.LlmRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What can be read of a request that does not match {@code LlmRequest}: enough to answer it.
 * The requestId is needed to answer at all; the tenant, user and batch fields, the metadata and
 * the creation time go into the REJECTED result where they are readable, so that a batch still
 * completes and a pipeline still finds its metadata. A tenant that cannot be read becomes the
 * empty string, which no tenant can be (the router rejects blank tenants), so the rejection
 * never reaches a real tenant's budgets or aggregates.
 */
final class RequestShell {

    /** The tenant of a request whose tenant cannot be read: reserved, as no valid tenant is blank. */
    static final String NO_TENANT = "";

    private RequestShell() {
    }

    /** @throws MissingRequestIdException when not even the requestId can be read */
    static LlmRequest of(JsonNode json) {
        LlmRequest shell = new LlmRequest();
        LlmRequest defaults = LlmRequest.newBuilder().setRequestId("").setTenantId("").setMessages(List.of()).build();
        for (int field = 0; field < LlmRequest.SCHEMA$.getFields().size(); field++) {
            shell.put(field, defaults.get(field));
        }
        shell.setRequestId(requestId(json));
        shell.setTenantId(text(json, "tenantId") != null ? text(json, "tenantId") : NO_TENANT);
        shell.setUserId(text(json, "userId"));
        shell.setBatchId(text(json, "batchId"));
        JsonNode batchSize = json.get("batchSize");
        shell.setBatchSize(batchSize != null && batchSize.isIntegralNumber() && batchSize.canConvertToInt() ? batchSize.intValue() : null);
        JsonNode createdAt = json.get("createdAtMs");
        shell.setCreatedAtMs(createdAt != null && createdAt.isIntegralNumber() && createdAt.canConvertToLong()
                ? Instant.ofEpochMilli(createdAt.longValue()) : null);
        shell.setMetadata(textEntries(json.get("metadata")));
        return shell;
    }

    /** A non-blank string; a whole number is taken as its digits (and the request still rejected for its type). */
    private static String requestId(JsonNode json) {
        JsonNode id = json.get("requestId");
        String text = id == null ? null : id.isTextual() ? id.textValue() : id.isIntegralNumber() ? id.asText() : null;
        if (text == null || text.isBlank()) {
            throw new MissingRequestIdException(id == null || id.isNull()
                    ? "requestId is missing: a request needs one to be answered under"
                    : "requestId is " + (id.isTextual() ? "blank" : "not a string but " + id.getNodeType().name().toLowerCase())
                    + ": a request needs one to be answered under");
        }
        return text;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static Map<String, String> textEntries(JsonNode json) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (json != null && json.isObject()) {
            json.properties().forEach(entry -> {
                if (entry.getValue().isTextual()) {
                    entries.put(entry.getKey(), entry.getValue().textValue());
                }
            });
        }
        return entries;
    }
}
