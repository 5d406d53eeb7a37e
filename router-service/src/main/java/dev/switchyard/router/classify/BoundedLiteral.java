package dev.switchyard.router.classify;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cue pattern that is one literal phrase after a word boundary, and maybe before one:
 * {@code \bpoem\b}, {@code \btranslat}, {@code \bpull out\b}, most of the cues. A regex find
 * tries the pattern at every position of the text; {@code indexOf} and a look at the characters
 * either side of each occurrence give the same answer for a fraction of the cost.
 *
 * <p>An ASCII neighbour is a word character as {@code \b} sees it when it is a letter, a digit
 * or {@code _}. Next to any other character the pattern's own regex decides: what {@code \b}
 * makes of non-ASCII letters changed between JDKs (JDK 19 made it agree with {@code \w}), and a
 * combining mark counts with the letter it follows.
 */
final class BoundedLiteral {

    private final String literal;
    private final int[] pairs;
    private final boolean boundedAfter;

    private BoundedLiteral(String literal, boolean boundedAfter) {
        this.literal = literal;
        this.pairs = CharPairs.of(literal);
        this.boundedAfter = boundedAfter;
    }

    /** The fast form of a regex of the shape {@code \b<phrase>} or {@code \b<phrase>\b}, if it has that shape. */
    static Optional<BoundedLiteral> of(String regex) {
        if (!regex.startsWith("\\b")) {
            return Optional.empty();
        }
        boolean boundedAfter = regex.length() > 4 && regex.endsWith("\\b");
        String phrase = regex.substring(2, boundedAfter ? regex.length() - 2 : regex.length());
        if (phrase.isEmpty() || !isPlainWordChar(phrase.charAt(0)) || !isPlainWordChar(phrase.charAt(phrase.length() - 1))) {
            return Optional.empty();
        }
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (!isPlainWordChar(c) && c != ' ') {
                return Optional.empty();
            }
        }
        return Optional.of(new BoundedLiteral(phrase, boundedAfter));
    }

    /**
     * Whether {@code pattern} (the regex this was made from) finds a match in the text whose
     * character pairs are {@code textPairs}: most texts lack a pair of the phrase, and then
     * nothing is scanned.
     */
    boolean foundIn(String text, CharPairs textPairs, Pattern pattern) {
        if (!textPairs.mayContain(pairs)) {
            return false;
        }
        for (int at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
            int before = at - 1;
            int after = at + literal.length();
            if (undecided(text, before) || (boundedAfter && undecided(text, after))) {
                return pattern.matcher(text).find();
            }
            if (!isWordChar(text, before) && (!boundedAfter || !isWordChar(text, after))) {
                return true;
            }
        }
        return false;
    }

    /** The phrase's own characters: lowercase ASCII letters and digits, the cues' alphabet. */
    private static boolean isPlainWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean undecided(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return false;
        }
        return text.charAt(i) >= 128;
    }

    private static boolean isWordChar(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
