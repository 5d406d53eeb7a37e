package dev.switchyard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        long bounded = RuleBasedClassifier.cuePatterns().stream().filter(p -> BoundedLiteral.of(p.pattern()).isPresent()).count();
        assertThat(bounded).isGreaterThan(RuleBasedClassifier.cuePatterns().size() / 2);
    }

    /** The property the classifier relies on: the fast path and the regex agree on every text. */
    @Test
    void agreesWithTheRegexOfEveryCueItTakes() throws IOException {
        List<String> texts = new ArrayList<>(LabelledPrompt.all().stream().map(p -> p.prompt().toLowerCase(Locale.ROOT)).toList());
        int checked = 0;
        int found = 0;
        for (Pattern cue : RuleBasedClassifier.cuePatterns()) {
            Optional<BoundedLiteral> fast = BoundedLiteral.of(cue.pattern());
            if (fast.isEmpty()) {
                continue;
            }
            String phrase = cue.pattern().substring(2).replace("\\b", "");
            List<String> edges = List.of(phrase, "a " + phrase + ".", phrase + "s", "x" + phrase, "_" + phrase, phrase + "_",
                    "9" + phrase, phrase + "9", "é" + phrase, phrase + "é", phrase + "\u0301", "e\u0301" + phrase,
                    "\uD83D\uDE00" + phrase + "\uD83D\uDE00", phrase + "x " + phrase, "x" + phrase + " " + phrase + "-");
            for (String text : concat(texts, edges)) {
                boolean expected = cue.matcher(text).find();
                assertThat(fast.get().foundIn(text, new CharPairs().read(text), cue)).as("%s on '%s'", cue, text).isEqualTo(expected);
                checked++;
                found += expected ? 1 : 0;
            }
        }
        assertThat(found).as("the texts exercise the cues").isGreaterThan(1_000);
        assertThat(checked - found).as("and their absence").isGreaterThan(1_000);
    }

    /** The same on random texts of phrase pieces, word characters, punctuation and non-ASCII letters and marks. */
    @Test
    void agreesWithTheRegexOnRandomTexts() {
        Random random = new Random(42);
        String alphabet = "ab _-.9Z\u00e9\u0301\u00e0x,;'";
        int found = 0;
        int checked = 0;
        for (Pattern cue : RuleBasedClassifier.cuePatterns()) {
            Optional<BoundedLiteral> fast = BoundedLiteral.of(cue.pattern());
            if (fast.isEmpty()) {
                continue;
            }
            String phrase = cue.pattern().substring(2).replace("\\b", "");
            for (int n = 0; n < 500; n++) {
                StringBuilder text = new StringBuilder();
                for (int part = random.nextInt(4); part >= 0; part--) {
                    random.ints(random.nextInt(4), 0, alphabet.length()).forEach(i -> text.append(alphabet.charAt(i)));
                    // Whole phrases, and prefixes of them that must not match a bounded cue.
                    text.append(random.nextInt(3) > 0 ? phrase : phrase.substring(0, 1 + random.nextInt(phrase.length())));
                }
                random.ints(random.nextInt(3), 0, alphabet.length()).forEach(i -> text.append(alphabet.charAt(i)));
                boolean expected = cue.matcher(text).find();
                assertThat(fast.get().foundIn(text.toString(), new CharPairs().read(text.toString()), cue))
                        .as("%s on '%s'", cue, text).isEqualTo(expected);
                checked++;
                found += expected ? 1 : 0;
            }
        }
        assertThat(found).as("random texts both match").isGreaterThan(checked / 10);
        assertThat(checked - found).as("and do not").isGreaterThan(checked / 10);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
