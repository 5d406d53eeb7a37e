package dev.switchyard.core.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Published prices in decimal USD per one million tokens. The one place where money is
 * computed: an attempt's cost is exact decimal arithmetic, rounded half-up once, to nano-USD.
 *
 * @param cachedInput the price of input tokens served from the provider's prompt cache
 */
public record ModelPrice(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {

    /** USD per 1M tokens to nano-USD per token: 1e9 nano-USD per USD / 1e6 tokens. */
    private static final BigDecimal NANO_USD_PER_TOKEN_PER_USD_PER_MILLION = BigDecimal.valueOf(1000);

    /**
     * The cost of one attempt in nano-USD.
     *
     * @param inputTokens all input tokens, cached ones included (OpenAI's prompt_tokens convention)
     * @param cachedInputTokens the part of inputTokens billed at the cached price
     */
    public long costNanoUsd(long inputTokens, long cachedInputTokens, long outputTokens) {
        return exactCost(inputTokens, cachedInputTokens, outputTokens).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private BigDecimal exactCost(long inputTokens, long cachedInputTokens, long outputTokens) {
        long cached = Math.min(Math.max(cachedInputTokens, 0), inputTokens);
        BigDecimal usdPerMillion = input.multiply(BigDecimal.valueOf(inputTokens - cached))
                .add(cachedInput.multiply(BigDecimal.valueOf(cached)))
                .add(output.multiply(BigDecimal.valueOf(outputTokens)));
        return usdPerMillion.multiply(NANO_USD_PER_TOKEN_PER_USD_PER_MILLION);
    }
}
