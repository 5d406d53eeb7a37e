package dev.switchyard.router.routing;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.tokens.TokenCounter;
import dev.switchyard.router.validation.RequestValidator;
import dev.switchyard.schema.LlmRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The hard filters: a model is eligible when it has every required capability (named or
 * implied: {@link RequiredCapabilities}) and the request's
 * input tokens on it (counted with its own tokenizer where one is known) plus the output cap fit
 * its context window. A pinned request considers its own model only; its fallbacks, when it
 * allows them, are {@link #alternativesToPinned the others}.
 */
record Eligibility(LlmRequest request, TokenCounter tokens, List<ModelSpec> candidates, List<ModelSpec> models,
                   int defaultMaxOutputTokens) {

    static Eligibility of(LlmRequest request, TokenCounter tokens, Catalog catalog, int defaultMaxOutputTokens) {
        List<ModelSpec> candidates = RequestValidator.isPinned(request)
                ? catalog.model(request.getModel()).stream().toList()
                : catalog.models();
        return among(candidates, request, tokens, defaultMaxOutputTokens);
    }

    /** The other models a pinned request may fall back to: every catalog model but its own, by the same filters. */
    static Eligibility alternativesToPinned(LlmRequest request, TokenCounter tokens, Catalog catalog, int defaultMaxOutputTokens) {
        List<ModelSpec> others = catalog.models().stream().filter(model -> !model.id().equals(request.getModel())).toList();
        return among(others, request, tokens, defaultMaxOutputTokens);
    }

    private static Eligibility among(List<ModelSpec> candidates, LlmRequest request, TokenCounter tokens, int defaultMaxOutputTokens) {
        Set<String> required = RequiredCapabilities.of(request);
        List<ModelSpec> eligible = new ArrayList<>(candidates.size());
        for (ModelSpec model : candidates) {
            if (model.can(required)
                    && tokens.inputTokens(model) + ModelOption.outputCap(model, request, defaultMaxOutputTokens) <= model.contextWindow()) {
                eligible.add(model);
            }
        }
        return new Eligibility(request, tokens, candidates, eligible, defaultMaxOutputTokens);
    }

    /** PROMPT_TOO_LARGE when the prompt alone fits no model of the catalog; else NO_ELIGIBLE_MODEL. */
    ErrorCode noneReason(Catalog catalog) {
        for (ModelSpec model : catalog.models()) {
            if (tokens.inputTokens(model) <= model.contextWindow()) {
                return ErrorCode.NO_ELIGIBLE_MODEL;
            }
        }
        return ErrorCode.PROMPT_TOO_LARGE;
    }

    String explain() {
        String subject = RequestValidator.isPinned(request) ? "pinned model " + request.getModel() : "no catalog model";
        long fewest = candidates.stream().mapToLong(tokens::inputTokens).min().orElse(0);
        return subject + " can serve capabilities " + RequiredCapabilities.of(request)
                + " with " + (candidates.size() == 1 ? "" : "at least ") + fewest + " input tokens plus "
                + (request.getMaxOutputTokens() != null ? request.getMaxOutputTokens() : defaultMaxOutputTokens)
                + " output tokens in its context window";
    }
}
