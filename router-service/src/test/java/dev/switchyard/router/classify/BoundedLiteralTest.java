package dev.switchyard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BoundedLiteralTest {

    @Test
    void takesOnlyAPhraseAfterAWordBoundary() {
        assertThat(BoundedLiteral.of("\\bpoem\\b")).isPresent();
        assertThat(BoundedLiteral.of("\\btranslat")).isPresent();
        assertThat(BoundedLiteral.of("\\bpull out\\b")).isPresent();
        assertThat(BoundedLiteral.of("\\btl;?dr\\b")).as("a quantifier").isEmpty();
        assertThat(BoundedLiteral.of("\\b(a|the) story\\b")).as("a group").isEmpty();
        assertThat(BoundedLiteral.of("\\bc\\+\\+")).as("an escape").isEmpty();
        assertThat(BoundedLiteral.of("```")).as("no boundary before").isEmpty();
        assertThat(BoundedLiteral.of("\\b ok\\b")).as("a boundary before a space means a word character before it").isEmpty();
        assertThat(BoundedLiteral.of("\\bPoem\\b")).as("asks are lowercased, so an uppercase cue is left to its regex").isEmpty();
    }

    /** Most cues take the fast path, or it saves nothing. */
    @Test
    void coversMostCues() {
        assertThat(boundedCues()).hasSizeGreaterThan(RuleBasedClassifier.cuePatterns().size() / 2);
    }

    /** The property the classifier relies on: the fast path and the regex agree on every text. */
    @Test
    void agreesWithTheRegexOfEveryCueItTakes() throws IOException {
        List<String> texts = LabelledPrompt.all().stream().map(p -> p.prompt().toLowerCase(Locale.ROOT)).toList();
        Agreement agreement = new Agreement();
        boundedCues().forEach((cue, fast) -> {
            String phrase = phrase(cue);
            List<String> edges = List.of(phrase, "a " + phrase + ".", phrase + "s", "x" + phrase, "_" + phrase, phrase + "_",
                    "9" + phrase, phrase + "9", "é" + phrase, phrase + "é", phrase + "\u0301", "e\u0301" + phrase,
                    "\uD83D\uDE00" + phrase + "\uD83D\uDE00", phrase + "x " + phrase, "x" + phrase + " " + phrase + "-");
            texts.forEach(text -> agreement.check(cue, fast, text));
            edges.forEach(text -> agreement.check(cue, fast, text));
        });
        assertThat(agreement.found).as("the texts exercise the cues").isGreaterThan(1_000);
        assertThat(agreement.checked - agreement.found).as("and their absence").isGreaterThan(1_000);
    }

    /** The same on random texts of phrase pieces, word characters, punctuation and non-ASCII letters and marks. */
    @Test
    void agreesWithTheRegexOnRandomTexts() {
        Random random = new Random(42);
        String alphabet = "ab _-.9Z\u00e9\u0301\u00e0x,;'";
        Agreement agreement = new Agreement();
        boundedCues().forEach((cue, fast) -> {
            String phrase = phrase(cue);
            for (int n = 0; n < 500; n++) {
                StringBuilder text = new StringBuilder();
                for (int part = random.nextInt(4); part >= 0; part--) {
                    random.ints(random.nextInt(4), 0, alphabet.length()).forEach(i -> text.append(alphabet.charAt(i)));
                    // Whole phrases, and prefixes of them, which alone do not match.
                    text.append(random.nextInt(3) > 0 ? phrase : phrase.substring(0, 1 + random.nextInt(phrase.length())));
                }
                random.ints(random.nextInt(3), 0, alphabet.length()).forEach(i -> text.append(alphabet.charAt(i)));
                agreement.check(cue, fast, text.toString());
            }
        });
        assertThat(agreement.found).as("random texts both match").isGreaterThan(agreement.checked / 10);
        assertThat(agreement.checked - agreement.found).as("and do not").isGreaterThan(agreement.checked / 10);
    }

    /** Asserts that the fast path finds what the regex finds, and counts the texts and the matches. */
    private static final class Agreement {
        int checked;
        int found;

        void check(Pattern cue, BoundedLiteral fast, String text) {
            boolean expected = cue.matcher(text).find();
            assertThat(fast.foundIn(text, new CharPairs().read(text), cue)).as("%s on '%s'", cue, text).isEqualTo(expected);
            checked++;
            found += expected ? 1 : 0;
        }
    }

    /** Each cue the fast path takes, with its fast form, in the classifier's order. */
    private static Map<Pattern, BoundedLiteral> boundedCues() {
        Map<Pattern, BoundedLiteral> bounded = new LinkedHashMap<>();
        RuleBasedClassifier.cuePatterns().forEach(cue -> BoundedLiteral.of(cue.pattern()).ifPresent(fast -> bounded.put(cue, fast)));
        return bounded;
    }

    /** The phrase of a bounded cue: its regex without the word boundaries. */
    private static String phrase(Pattern cue) {
        return cue.pattern().substring(2).replace("\\b", "");
    }
}
