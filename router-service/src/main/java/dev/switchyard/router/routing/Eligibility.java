package dev.switchyard.router.routing;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.router.validation.RequestValidator;
import dev.switchyard.schema.LlmRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hard filters: a model is eligible when it has every required capability and the
 * estimated input plus the output cap fits its context window. A pinned request considers its
 * own model only; its fallbacks, when it allows them, are {@link #alternativesToPinned the others}.
 */
record Eligibility(LlmRequest request, int inputTokens, List<ModelSpec> models, int defaultMaxOutputTokens) {

    static Eligibility of(LlmRequest request, int inputTokens, Catalog catalog, int defaultMaxOutputTokens) {
        List<ModelSpec> candidates = RequestValidator.isPinned(request)
                ? catalog.model(request.getModel()).stream().toList()
                : catalog.models();
        return among(candidates, request, inputTokens, defaultMaxOutputTokens);
    }

    /** The other models a pinned request may fall back to: every catalog model but its own, by the same filters. */
    static Eligibility alternativesToPinned(LlmRequest request, int inputTokens, Catalog catalog, int defaultMaxOutputTokens) {
        List<ModelSpec> others = catalog.models().stream().filter(model -> !model.id().equals(request.getModel())).toList();
        return among(others, request, inputTokens, defaultMaxOutputTokens);
    }

    private static Eligibility among(List<ModelSpec> candidates, LlmRequest request, int inputTokens, int defaultMaxOutputTokens) {
        Set<String> required = request.getRequiredCapabilities().isEmpty() ? Set.of() : new HashSet<>(request.getRequiredCapabilities());
        List<ModelSpec> eligible = new ArrayList<>(candidates.size());
        for (ModelSpec model : candidates) {
            long needed = (long) inputTokens + ModelOption.outputCap(model, request, defaultMaxOutputTokens);
            if (model.can(required) && needed <= model.contextWindow()) {
                eligible.add(model);
            }
        }
        return new Eligibility(request, inputTokens, eligible, defaultMaxOutputTokens);
    }

    ErrorCode noneReason(Catalog catalog) {
        return inputTokens > catalog.largestContextWindow() ? ErrorCode.PROMPT_TOO_LARGE : ErrorCode.NO_ELIGIBLE_MODEL;
    }

    String explain() {
        String subject = RequestValidator.isPinned(request) ? "pinned model " + request.getModel() : "no catalog model";
        return subject + " can serve capabilities " + request.getRequiredCapabilities()
                + " with about " + inputTokens + " input tokens plus "
                + (request.getMaxOutputTokens() != null ? request.getMaxOutputTokens() : defaultMaxOutputTokens)
                + " output tokens in its context window";
    }
}
