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
 * <p>Input tokens are counted the same way for every provider (OpenAI's {@code prompt_tokens}
 * convention): {@code inputTokens} is all of them, and two disjoint parts of it are priced apart,
 * the cache reads ({@code cachedInputTokens}, at {@link #cachedInput()}) and the cache writes
 * ({@code cacheWriteInputTokens}, at {@link #cacheWrite()}); the rest is billed at
 * {@link #input()}. Anthropic reports the three apart ({@code input_tokens} excludes
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}): its adapter adds
 * them up, so no token is billed twice or dropped.
 *
 * @see #cachedInput() the price of input tokens served from the provider's prompt cache
 * @see #cacheWrite() the price of input tokens written to the provider's prompt cache
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
    private final BigDecimal cacheWrite;
    /** The prices in units of 10^-scale USD per 1M tokens, or scale -1 when they do not fit. */
    private final int scale;
    private final long scaledInput;
    private final long scaledCachedInput;
    private final long scaledOutput;
    private final long scaledCacheWrite;

    /** Prices of a model whose cache writes cost what plain input does (no separate write charge). */
    public ModelPrice(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
        this(input, cachedInput, output, input);
    }

    /** @param cacheWrite the price of input tokens written to the prompt cache; null: the input price */
    public ModelPrice(BigDecimal input, BigDecimal cachedInput, BigDecimal output, BigDecimal cacheWrite) {
        this.input = Objects.requireNonNull(input, "input");
        this.cachedInput = Objects.requireNonNull(cachedInput, "cachedInput");
        this.output = Objects.requireNonNull(output, "output");
        this.cacheWrite = cacheWrite == null ? input : cacheWrite;
        int common = Math.max(0, Math.max(Math.max(input.scale(), this.cacheWrite.scale()), Math.max(cachedInput.scale(), output.scale())));
        long[] scaled = common <= MAX_EXACT_SCALE ? scaled(common, input, cachedInput, output, this.cacheWrite) : null;
        this.scale = scaled == null ? -1 : common;
        this.scaledInput = scaled == null ? 0 : scaled[0];
        this.scaledCachedInput = scaled == null ? 0 : scaled[1];
        this.scaledOutput = scaled == null ? 0 : scaled[2];
        this.scaledCacheWrite = scaled == null ? 0 : scaled[3];
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

    /** The price of input tokens written to the prompt cache: the input price when the catalog sets none. */
    public BigDecimal cacheWrite() {
        return cacheWrite;
    }

    /**
     * The cost of one attempt without cache writes in nano-USD: see
     * {@link #costNanoUsd(long, long, long, long)}.
     */
    public long costNanoUsd(long inputTokens, long cachedInputTokens, long outputTokens) {
        return costNanoUsd(inputTokens, cachedInputTokens, outputTokens, 0);
    }

    /**
     * The cost of one attempt in nano-USD.
     *
     * @param inputTokens all input tokens, cache reads and writes included (OpenAI's prompt_tokens convention)
     * @param cachedInputTokens the part of inputTokens read from the prompt cache, billed at the cached price
     * @param cacheWriteInputTokens the part of inputTokens written to the prompt cache, billed at the
     *                              cache-write price; disjoint from the cached part. Parts that add up to
     *                              more than inputTokens are the provider's error: they are capped at it,
     *                              cache reads first, never charged twice or negative.
     */
    public long costNanoUsd(long inputTokens, long cachedInputTokens, long outputTokens, long cacheWriteInputTokens) {
        long cached = Math.min(Math.max(cachedInputTokens, 0), inputTokens);
        long written = Math.min(Math.max(cacheWriteInputTokens, 0), Math.max(inputTokens - cached, 0));
        if (scale >= 0 && inputTokens >= 0 && outputTokens >= 0) {
            try {
                // nano-USD = sum(price x tokens) x 1000 / 10^scale, rounded half-up once.
                long sum = Math.addExact(Math.addExact(Math.multiplyExact(scaledInput, inputTokens - cached - written),
                        Math.multiplyExact(scaledCachedInput, cached)), Math.multiplyExact(scaledOutput, outputTokens));
                sum = Math.addExact(sum, Math.multiplyExact(scaledCacheWrite, written));
                if (scale <= 3) {
                    return Math.multiplyExact(sum, POWERS_OF_TEN[3 - scale]);
                }
                long divisor = POWERS_OF_TEN[scale - 3];
                return sum / divisor + (sum % divisor >= (divisor + 1) / 2 ? 1 : 0);
            } catch (ArithmeticException overflow) {
                // past a long: the exact decimal path below
            }
        }
        return exactCost(inputTokens, cached, written, outputTokens).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private BigDecimal exactCost(long inputTokens, long cached, long written, long outputTokens) {
        BigDecimal usdPerMillion = input.multiply(BigDecimal.valueOf(inputTokens - cached - written))
                .add(cachedInput.multiply(BigDecimal.valueOf(cached)))
                .add(cacheWrite.multiply(BigDecimal.valueOf(written)))
                .add(output.multiply(BigDecimal.valueOf(outputTokens)));
        return usdPerMillion.multiply(NANO_USD_PER_TOKEN_PER_USD_PER_MILLION);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelPrice that && input.equals(that.input) && cachedInput.equals(that.cachedInput)
                && output.equals(that.output) && cacheWrite.equals(that.cacheWrite);
    }

    @Override
    public int hashCode() {
        return Objects.hash(input, cachedInput, output, cacheWrite);
    }

    @Override
    public String toString() {
        return "ModelPrice[input=" + input + ", cachedInput=" + cachedInput + ", output=" + output + ", cacheWrite=" + cacheWrite + "]";
    }
}
