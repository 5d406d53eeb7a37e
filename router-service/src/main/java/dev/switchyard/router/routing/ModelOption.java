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
        Integer requested = request.getMaxOutputTokens();
        int cap = Math.min(requested != null ? requested : defaultMaxOutputTokens, model.maxOutputTokens());
        return new ModelOption(model, cap, model.price().costNanoUsd(TokenEstimator.worstCaseInputTokens(request), 0, cap));
    }
}
