package dev.switchyard.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ModelPriceTest {

    private static ModelPrice price(String input, String cached, String output) {
        return new ModelPrice(new BigDecimal(input), new BigDecimal(cached), new BigDecimal(output));
    }

    @Test
    void computesExactNanoDollars() {
        // 1,000 input at $2.50/M = 2,500,000 nano; 500 output at $10/M = 5,000,000 nano.
        assertThat(price("2.50", "1.25", "10.00").costNanoUsd(1000, 0, 500)).isEqualTo(7_500_000L);
    }

    @Test
    void pricesCachedInputSeparately() {
        // 10,000 input of which 8,000 cached: 2,000 x 2.50 + 8,000 x 1.25 = 15,000 USD/M = 15,000,000 nano.
        assertThat(price("2.50", "1.25", "10.00").costNanoUsd(10_000, 8_000, 0)).isEqualTo(15_000_000L);
        // More cached than input is the provider's error, not a negative charge.
        assertThat(price("2.50", "1.25", "10.00").costNanoUsd(100, 500, 0)).isEqualTo(125_000L);
    }

    @Test
    void pricesAnAnthropicAttemptWithCacheReadsAndWritesAsInvoiced() {
        // Claude Sonnet 4.5 as the built-in catalog has it: input $3, cache read $0.30, cache write $3.75, output $15.
        ModelPrice sonnet = CatalogLoader.defaultCatalog().model("claude-sonnet-4-5").orElseThrow().price();
        assertThat(sonnet.cacheWrite()).isEqualByComparingTo("3.75");
        // Anthropic's usage {input_tokens: 1,234, cache_read_input_tokens: 40,000, cache_creation_input_tokens: 8,765,
        // output_tokens: 517} is inputTokens 49,999 (all of them), of which 40,000 cached and 8,765 written:
        //   1,234 x 3 + 40,000 x 0.30 + 8,765 x 3.75 + 517 x 15 = 3,702 + 12,000 + 32,868.75 + 7,755
        //   = 56,325.75 USD/M = 56,325,750 nano-USD.
        assertThat(sonnet.costNanoUsd(49_999, 40_000, 517, 8_765)).isEqualTo(56_325_750L);
        // The same usage with the writes billed as plain input, as before cache writes were priced: 6,573.75 USD/M less.
        assertThat(sonnet.costNanoUsd(49_999, 40_000, 517)).isEqualTo(49_752_000L);
        // Claude Opus 4.1: 3 plain x 15 + 2 read x 1.50 + 7 written x 18.75 + 1 output x 75 = 254.25 USD/M = 254,250 nano-USD.
        ModelPrice opus = CatalogLoader.defaultCatalog().model("claude-opus-4-1").orElseThrow().price();
        assertThat(opus.costNanoUsd(12, 2, 1, 7)).isEqualTo(254_250L);
        // One written Claude Haiku 4.5 token: $1.25/M = 1,250 nano-USD.
        ModelPrice haiku = CatalogLoader.defaultCatalog().model("claude-haiku-4-5").orElseThrow().price();
        assertThat(haiku.costNanoUsd(1, 0, 0, 1)).isEqualTo(1_250L);
        // Written tokens join the one half-up rounding of the whole attempt: 0.4 + 0.4 nano = 0.8 -> 1, not 0 + 0.
        ModelPrice tiny = new ModelPrice(new BigDecimal("0.0004"), new BigDecimal("0.0004"), new BigDecimal("0.0004"),
                new BigDecimal("0.0004"));
        assertThat(tiny.costNanoUsd(2, 0, 0, 1)).isEqualTo(1L);
        assertThat(tiny.costNanoUsd(1, 0, 0, 1)).isZero();
    }

    @Test
    void aModelWithoutACacheWritePriceBillsWritesAsInput() {
        ModelPrice gpt4o = CatalogLoader.defaultCatalog().model("gpt-4o").orElseThrow().price();
        assertThat(gpt4o.cacheWrite()).isEqualByComparingTo(gpt4o.input());
        assertThat(gpt4o.costNanoUsd(10_000, 2_000, 100, 3_000)).isEqualTo(gpt4o.costNanoUsd(10_000, 2_000, 100));
        assertThat(price("2.50", "1.25", "10.00").cacheWrite()).isEqualByComparingTo("2.50");
    }

    @Test
    void cacheReadsAndWritesNeverAddUpToMoreThanTheInput() {
        ModelPrice price = new ModelPrice(new BigDecimal("3"), new BigDecimal("0.30"), new BigDecimal("15"), new BigDecimal("3.75"));
        // 100 input, 80 claimed read, 50 claimed written: 80 read + 20 written, nothing plain, nothing twice.
        assertThat(price.costNanoUsd(100, 80, 0, 50)).isEqualTo(80 * 300L + 20 * 3_750L);
        assertThat(price.costNanoUsd(100, 0, 0, -5)).isEqualTo(300_000L);
    }

    @Test
    void roundsHalfUpOnceForTheWholeAttempt() {
        // 1 token at $0.0005/M = 0.5 nano -> 1; three such parts summed first: 1.5 nano -> 2, not 1 + 1 + 1 = 3.
        ModelPrice tiny = price("0.0005", "0.0005", "0.0005");
        assertThat(tiny.costNanoUsd(1, 0, 0)).isEqualTo(1L);
        assertThat(tiny.costNanoUsd(2, 0, 1)).isEqualTo(2L);
        assertThat(price("0.0004", "0.0004", "0.0004").costNanoUsd(1, 0, 0)).isZero();
    }

    @Test
    void doesNotOverflowOnHugeUsage() {
        assertThat(price("75", "75", "75").costNanoUsd(2_000_000_000L, 0, 2_000_000_000L)).isEqualTo(300_000_000_000_000L);
    }

    @Test
    void theLongPathAgreesWithExactDecimalArithmetic() {
        java.util.Random random = new java.util.Random(42);
        String[] prices = {"0", "0.0005", "0.0375", "0.075", "0.15", "0.6", "1.25", "2.50", "3", "3.75", "15", "18.75", "75",
                "0.000001", "1.123456789"};
        for (int i = 0; i < 20_000; i++) {
            ModelPrice price = new ModelPrice(new BigDecimal(prices[random.nextInt(prices.length)]),
                    new BigDecimal(prices[random.nextInt(prices.length)]), new BigDecimal(prices[random.nextInt(prices.length)]),
                    new BigDecimal(prices[random.nextInt(prices.length)]));
            long input = random.nextInt(3) == 0 ? random.nextLong(0, 3_000_000_000L) : random.nextInt(200_000);
            long cached = random.nextInt(3) == 0 ? random.nextLong(0, input + 1) : 0;
            long written = random.nextInt(3) == 0 ? random.nextLong(0, input - cached + 1) : 0;
            long output = random.nextInt(50_000);
            BigDecimal exact = price.input().multiply(BigDecimal.valueOf(input - cached - written))
                    .add(price.cachedInput().multiply(BigDecimal.valueOf(cached)))
                    .add(price.cacheWrite().multiply(BigDecimal.valueOf(written)))
                    .add(price.output().multiply(BigDecimal.valueOf(output)))
                    .multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.HALF_UP);
            assertThat(price.costNanoUsd(input, cached, output, written)).as("%s for %d/%d/%d/%d", price, input, cached, output, written)
                    .isEqualTo(exact.longValueExact());
        }
    }

    @Test
    void pricesWithMoreDecimalsThanALongPathHoldsAreStillExact() {
        ModelPrice fine = price("0.0000000001", "0", "0.00000000015");
        // 10^10 x 1e-10 = 1 USD/M -> 1,000 nano; 10^10 x 1.5e-10 = 1.5 USD/M -> 1,500 nano.
        assertThat(fine.costNanoUsd(10_000_000_000L, 0, 10_000_000_000L)).isEqualTo(2_500L);
    }
}
