package dev.switchyard.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    /** The worst case is one token per UTF-8 byte, so the count must be the encoder's, to the byte. */
    @Test
    void countsUtf8BytesExactlyAsTheEncoderWritesThem() {
        Random random = new Random(7);
        char[] alphabet = {'a', ' ', '\n', 'é', 'ß', '€', '中', '\uD83D', '\uDE00', '\uDBFF', '\uDFFF', '\u07FF', '\u0800', '\uFFFF'};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String s = text.toString();
            assertThat(TokenEstimator.utf8Length(s)).as("%s", s.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
