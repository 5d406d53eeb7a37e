package dev.switchyard.core.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Published prices in decimal USD per one million tokens. The one place where money is
 * computed: an attempt's cost is exact decimal arithmetic, rounded half-up once, to nano-USD.
 *
 * <p>The router prices every eligible model of every request, so the arithmetic runs on longs:
 * each price is held as an integer count of {@code 10^-scale} USD per million tokens, which is
 * exact for any published price; the sum is exact too, and only the final division by the scale
 * rounds. {@link BigDecimal} remains for prices with more than nine decimals and for sums past
 * what a long holds; both paths give the same result (ModelPriceTest).
 *
 * @see #cachedInput() the price of input tokens served from the provider's prompt cache
 */
public final class ModelPrice {

    /** USD per 1M tokens to nano-USD per token: 1e9 nano-USD per USD / 1e6 tokens. */
    private static final BigDecimal NANO_USD_PER_TOKEN_PER_USD_PER_MILLION = BigDecimal.valueOf(1000);
    private static final int MAX_EXACT_SCALE = 9;
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
            1_000_000_000L};

    private final BigDecimal input;
    private final BigDecimal cachedInput;
    private final BigDecimal output;
    /** The prices in units of 10^-scale USD per 1M tokens, or scale -1 when they do not fit. */
    private final int scale;
    private final long scaledInput;
    private final long scaledCachedInput;
    private final long scaledOutput;

    public ModelPrice(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
        this.input = Objects.requireNonNull(input, "input");
        this.cachedInput = Objects.requireNonNull(cachedInput, "cachedInput");
        this.output = Objects.requireNonNull(output, "output");
        int common = Math.max(0, Math.max(input.scale(), Math.max(cachedInput.scale(), output.scale())));
        long[] scaled = common <= MAX_EXACT_SCALE ? scaled(common, input, cachedInput, output) : null;
        this.scale = scaled == null ? -1 : common;
        this.scaledInput = scaled == null ? 0 : scaled[0];
        this.scaledCachedInput = scaled == null ? 0 : scaled[1];
        this.scaledOutput = scaled == null ? 0 : scaled[2];
    }

    private static long[] scaled(int scale, BigDecimal... prices) {
        long[] scaled = new long[prices.length];
        for (int i = 0; i < prices.length; i++) {
            if (prices[i].signum() < 0) {
                return null;
            }
            try {
                scaled[i] = prices[i].movePointRight(scale).longValueExact();
            } catch (ArithmeticException tooLarge) {
                return null;
            }
        }
        return scaled;
    }

    public BigDecimal input() {
        return input;
    }

    public BigDecimal cachedInput() {
        return cachedInput;
    }

    public BigDecimal output() {
        return output;
    }

    /**
     * The cost of one attempt in nano-USD.
     *
     * @param inputTokens all input tokens, cached ones included (OpenAI's prompt_tokens convention)
     * @param cachedInputTokens the part of inputTokens billed at the cached price
     */
    public long costNanoUsd(long inputTokens, long cachedInputTokens, long outputTokens) {
        long cached = Math.min(Math.max(cachedInputTokens, 0), inputTokens);
        if (scale >= 0 && inputTokens >= 0 && outputTokens >= 0) {
            try {
                // nano-USD = sum(price x tokens) x 1000 / 10^scale, rounded half-up once.
                long sum = Math.addExact(Math.addExact(Math.multiplyExact(scaledInput, inputTokens - cached),
                        Math.multiplyExact(scaledCachedInput, cached)), Math.multiplyExact(scaledOutput, outputTokens));
                if (scale <= 3) {
                    return Math.multiplyExact(sum, POWERS_OF_TEN[3 - scale]);
                }
                long divisor = POWERS_OF_TEN[scale - 3];
                return sum / divisor + (sum % divisor >= (divisor + 1) / 2 ? 1 : 0);
            } catch (ArithmeticException overflow) {
                // past a long: the exact decimal path below
            }
        }
        return exactCost(inputTokens, cached, outputTokens).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private BigDecimal exactCost(long inputTokens, long cached, long outputTokens) {
        BigDecimal usdPerMillion = input.multiply(BigDecimal.valueOf(inputTokens - cached))
                .add(cachedInput.multiply(BigDecimal.valueOf(cached)))
                .add(output.multiply(BigDecimal.valueOf(outputTokens)));
        return usdPerMillion.multiply(NANO_USD_PER_TOKEN_PER_USD_PER_MILLION);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelPrice that && input.equals(that.input) && cachedInput.equals(that.cachedInput)
                && output.equals(that.output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(input, cachedInput, output);
    }

    @Override
    public String toString() {
        return "ModelPrice[input=" + input + ", cachedInput=" + cachedInput + ", output=" + output + "]";
    }
}
