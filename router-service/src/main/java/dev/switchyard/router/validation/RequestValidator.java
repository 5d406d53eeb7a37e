package dev.switchyard.router.validation;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.tokens.TokenEstimator;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a decoded request against docs/CONTRACT.md before any routing. Each problem names the
 * field and the rule, so the producer can fix its request from the REJECTED result alone.
 */
public final class RequestValidator {

    /** Beyond this, a limit is a mistake rather than a wish: no catalog model writes that much. */
    public static final int MAX_OUTPUT_TOKENS_CEILING = 1_000_000;
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private RequestValidator() {
    }

    public record Problem(ErrorCode code, String message) {
    }

    public static Optional<Problem> check(LlmRequest request, Catalog catalog, RequestLimits limits) {
        if (blank(request.getTenantId())) {
            return invalid("tenantId is required");
        }
        if (request.getUserId() != null && request.getUserId().isBlank()) {
            return invalid("userId is blank: omit it (null) or name the user");
        }
        if (request.getBatchId() != null && request.getBatchId().isBlank()) {
            return invalid("batchId is blank: omit it (null) or name the batch");
        }
        if (request.getMessages().isEmpty()) {
            return invalid("messages must hold at least one message");
        }
        if (request.getMessages().size() > limits.maxMessages()) {
            return tooLarge("messages holds " + request.getMessages().size() + " messages, more than the limit of " + limits.maxMessages());
        }
        if (request.getMetadata().size() > limits.maxMetadataEntries()) {
            return tooLarge("metadata holds " + request.getMetadata().size() + " entries, more than the limit of " + limits.maxMetadataEntries());
        }
        long metadataBytes = 0;
        for (var entry : request.getMetadata().entrySet()) {
            metadataBytes += TokenEstimator.utf8Length(entry.getKey()) + TokenEstimator.utf8Length(entry.getValue());
        }
        if (metadataBytes > limits.maxMetadataBytes()) {
            return tooLarge("metadata takes " + metadataBytes + " bytes, more than the limit of " + limits.maxMetadataBytes());
        }
        boolean hasUser = false;
        for (int i = 0; i < request.getMessages().size(); i++) {
            Message message = request.getMessages().get(i);
            if (!ROLES.contains(message.getRole())) {
                return invalid("messages[" + i + "].role is '" + message.getRole() + "', expected system, user, assistant or tool");
            }
            hasUser |= message.getRole().equals("user");
        }
        if (!hasUser) {
            return invalid("messages must hold at least one message with role 'user'");
        }
        Optional<String> chat = ChatSurfaceCheck.problem(request);
        if (chat.isPresent()) {
            return invalid(chat.get());
        }
        if (request.getBatchId() != null && (request.getBatchSize() == null || request.getBatchSize() < 1)) {
            return invalid("batchSize must be a positive number when batchId is set");
        }
        if (request.getBatchId() == null && request.getBatchSize() != null) {
            return invalid("batchSize is set but batchId is not");
        }
        if (request.getPriority() < 0 || request.getPriority() > 9) {
            return invalid("priority is " + request.getPriority() + ", expected 0 to 9");
        }
        Integer maxOutput = request.getMaxOutputTokens();
        if (maxOutput != null && (maxOutput < 1 || maxOutput > MAX_OUTPUT_TOKENS_CEILING)) {
            return invalid("maxOutputTokens is " + maxOutput + ", expected 1 to " + MAX_OUTPUT_TOKENS_CEILING);
        }
        Float temperature = request.getTemperature();
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            return invalid("temperature is " + temperature + ", expected 0 to 2");
        }
        if (request.getMaxCostNanoUsd() != null && request.getMaxCostNanoUsd() <= 0) {
            return invalid("maxCostNanoUsd is " + request.getMaxCostNanoUsd() + ", expected a positive amount");
        }
        if (isPinned(request) && catalog.model(request.getModel()).isEmpty()) {
            return Optional.of(new Problem(ErrorCode.UNKNOWN_MODEL,
                    "model '" + request.getModel() + "' is not in the catalog; use null or 'auto' to let Switchyard choose"));
        }
        return Optional.empty();
    }

    /** A request names a model of its own, rather than null or {@code auto}. */
    public static boolean isPinned(LlmRequest request) {
        return request.getModel() != null && !request.getModel().isBlank() && !request.getModel().equalsIgnoreCase("auto");
    }

    private static Optional<Problem> tooLarge(String message) {
        return Optional.of(new Problem(ErrorCode.REQUEST_TOO_LARGE, message));
    }

    private static Optional<Problem> invalid(String message) {
        return Optional.of(new Problem(ErrorCode.INVALID_REQUEST, message));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
