package dev.switchyard.router.routing;

import dev.switchyard.core.tokens.TokenCounter;
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
        return of(model, request, defaultMaxOutputTokens, TokenCounter.of(request));
    }

    /**
     * The worst case prices every input token as the dearer of plain input and a cache write
     * (a provider may write the whole prompt to its cache), and the whole output cap.
     *
     * @param tokens the request's counts, made once for all the models it is priced on
     */
    public static ModelOption of(ModelSpec model, LlmRequest request, int defaultMaxOutputTokens, TokenCounter tokens) {
        int cap = outputCap(model, request, defaultMaxOutputTokens);
        long input = tokens.inputTokens(model);
        boolean writesCostMore = model.price().cacheWrite().compareTo(model.price().input()) > 0;
        return new ModelOption(model, cap, model.price().costNanoUsd(input, 0, cap, writesCostMore ? input : 0));
    }

    static int outputCap(ModelSpec model, LlmRequest request, int defaultMaxOutputTokens) {
        Integer requested = request.getMaxOutputTokens();
        return Math.min(requested != null ? requested : defaultMaxOutputTokens, model.maxOutputTokens());
    }
}
