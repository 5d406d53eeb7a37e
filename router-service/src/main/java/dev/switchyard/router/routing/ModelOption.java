package dev.switchyard.router.routing;

import dev.switchyard.core.tokens.TokenEstimator;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.schema.LlmRequest;

/**
 * One model a request may be sent to, with what sending it there could cost at most.
 *
 * @param maxOutputTokens the output cap on this model: the request's own, or the default, never
 *                        above the model's limit
 */
public record ModelOption(ModelSpec model, int maxOutputTokens, long worstCaseNanoUsd) {

    public static ModelOption of(ModelSpec model, LlmRequest request, int defaultMaxOutputTokens) {
        return of(model, request, defaultMaxOutputTokens, TokenEstimator.worstCaseInputTokens(request));
    }

    /** @param worstCaseInputTokens the request's, counted once for all the models it is priced on */
    public static ModelOption of(ModelSpec model, LlmRequest request, int defaultMaxOutputTokens, long worstCaseInputTokens) {
        int cap = outputCap(model, request, defaultMaxOutputTokens);
        return new ModelOption(model, cap, model.price().costNanoUsd(worstCaseInputTokens, 0, cap));
    }

    static int outputCap(ModelSpec model, LlmRequest request, int defaultMaxOutputTokens) {
        Integer requested = request.getMaxOutputTokens();
        return Math.min(requested != null ? requested : defaultMaxOutputTokens, model.maxOutputTokens());
    }
}
