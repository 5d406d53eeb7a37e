package dev.switchyard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequiredLiteralsTest {

    @Test
    void takesTheMostSelectiveRequiredPart() {
        assertThat(RequiredLiterals.of("\\bcode\\b")).containsExactly("code");
        assertThat(RequiredLiterals.of("\\b(a|the) story\\b")).containsExactly(" story");
        assertThat(RequiredLiterals.of("\\bround .* decimal")).containsExactly(" decimal");
        assertThat(RequiredLiterals.of("\\bin(to)? (english|french)\\b(?! (history|literature))"))
                .containsExactlyInAnyOrder("english", "french");
        assertThat(RequiredLiterals.of("^(how (do|should)|why|what are (the|some))\\b"))
                .containsExactlyInAnyOrder("how ", "why", "what are ");
        assertThat(RequiredLiterals.of("\\bc\\+\\+")).containsExactly("c++");
        assertThat(RequiredLiterals.of("abc(?![x)])def")).as("a lookahead consumes nothing, a ')' in its class ends nothing")
                .containsExactly("abcdef");
        assertThat(RequiredLiterals.of("\\bmatri(x|ces)\\b")).containsExactly("matri");
    }

    @Test
    void givesNoGateWhereNothingIsRequired() {
        assertThat(RequiredLiterals.of("\\d+\\s*[x*/^+-]\\s*\\d+")).isEmpty();
        assertThat(RequiredLiterals.of("\\bstack ?trace\\b")).as("the optional space splits it").containsExactly("stack");
        assertThat(RequiredLiterals.of("(spam)?\\w+")).isEmpty();
        assertThat(RequiredLiterals.of("a|\\w")).as("one alternative requires nothing").isEmpty();
        assertThat(RequiredLiterals.of("x")).as("a single character is no use as a gate").isEmpty();
        assertThat(RequiredLiterals.of("(?i)spam")).as("case-insensitive: 'SPAM' matches without 'spam'").isEmpty();
        assertThat(RequiredLiterals.of("\\x41bc")).as("a hex escape is not the literal '41'").isEmpty();
        assertThat(RequiredLiterals.of("(ab)\\1")).as("a back reference").isEmpty();
        assertThat(RequiredLiterals.of("[a[bc]]xyz")).as("a nested class ends at its own bracket").containsExactly("xyz");
    }

    /** The property the classifier relies on: wherever a cue matches, its gate lets it through. */
    @Test
    void neverRulesOutAMatchOfAnyCueOnTheLabelledSet() throws IOException {
        List<String> texts = new ArrayList<>();
        for (LabelledPrompt labelled : LabelledPrompt.all()) {
            texts.add(labelled.prompt().toLowerCase(Locale.ROOT));
        }
        int matches = 0;
        for (Pattern cue : RuleBasedClassifier.cuePatterns()) {
            Set<String> gate = RequiredLiterals.of(cue.pattern());
            for (String text : texts) {
                Matcher matcher = cue.matcher(text);
                while (matcher.find()) {
                    matches++;
                    String match = matcher.group();
                    assertThat(gate.isEmpty() || gate.stream().anyMatch(match::contains))
                            .as("gate %s of %s on the match '%s'", gate, cue, match).isTrue();
                }
            }
        }
        assertThat(matches).as("the set exercises the cues").isGreaterThan(500);
    }
}
