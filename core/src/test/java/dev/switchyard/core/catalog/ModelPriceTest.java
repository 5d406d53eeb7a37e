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
        String[] prices = {"0", "0.0005", "0.0375", "0.075", "0.15", "0.6", "1.25", "2.50", "3", "15", "75", "0.000001", "1.123456789"};
        for (int i = 0; i < 20_000; i++) {
            ModelPrice price = price(prices[random.nextInt(prices.length)], prices[random.nextInt(prices.length)],
                    prices[random.nextInt(prices.length)]);
            long input = random.nextInt(3) == 0 ? random.nextLong(0, 3_000_000_000L) : random.nextInt(200_000);
            long cached = random.nextInt(3) == 0 ? random.nextLong(0, input + 1) : 0;
            long output = random.nextInt(50_000);
            BigDecimal exact = price.input().multiply(BigDecimal.valueOf(input - cached))
                    .add(price.cachedInput().multiply(BigDecimal.valueOf(cached)))
                    .add(price.output().multiply(BigDecimal.valueOf(output)))
                    .multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.HALF_UP);
            assertThat(price.costNanoUsd(input, cached, output)).as("%s for %d/%d/%d", price, input, cached, output)
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
