package dev.switchyard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CharPairsTest {

    @Test
    void neverRulesOutALiteralTheTextContains() {
        Random random = new Random(3);
        String alphabet = "abcdefghijklmnopqrstuvwxyz 0123456789,.;-é中😀";
        CharPairs pairs = new CharPairs();
        for (int i = 0; i < 5_000; i++) {
            String text = randomText(random, alphabet, 1 + random.nextInt(200));
            pairs.read(text);
            int from = random.nextInt(text.length());
            String literal = text.substring(from, Math.min(text.length(), from + 2 + random.nextInt(8)));
            assertThat(pairs.mayContain(CharPairs.of(literal))).as("'%s' in '%s'", literal, text).isTrue();
        }
    }

    @Test
    void rulesOutMostLiteralsTheTextLacks() {
        CharPairs pairs = new CharPairs().read("please summarize this report in two sentences");
        assertThat(pairs.mayContain(CharPairs.of("translat"))).isFalse();
        assertThat(pairs.mayContain(CharPairs.of("haiku"))).isFalse();
        assertThat(pairs.mayContain(CharPairs.of("summar"))).isTrue();
    }

    @Test
    void forgetsThePreviousText() {
        CharPairs pairs = new CharPairs().read("write a haiku");
        assertThat(pairs.read("fix this bug").mayContain(CharPairs.of("haiku"))).isFalse();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
