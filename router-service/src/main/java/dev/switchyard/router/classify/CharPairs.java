package dev.switchyard.router.classify;

import java.util.Arrays;

/**
 * Which pairs of adjacent characters a text has, folded to 64 × 64 classes: a literal can occur
 * only where every pair of its characters does, so most cue gates are ruled out by a few bit
 * tests instead of a scan of the whole text each. Folding only merges classes, so a test can pass
 * for a pair that is absent (the scan then decides) but never fail for one that is present.
 */
final class CharPairs {

    private final long[] present = new long[64];

    /** The folded pairs of a literal, for {@link #mayContain}. */
    static int[] of(String literal) {
        int[] pairs = new int[Math.max(0, literal.length() - 1)];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = pair(literal.charAt(i), literal.charAt(i + 1));
        }
        return pairs;
    }

    /** Records the pairs of this text, forgetting the previous one's. */
    CharPairs read(String text) {
        Arrays.fill(present, 0L);
        for (int i = 0; i + 1 < text.length(); i++) {
            int pair = pair(text.charAt(i), text.charAt(i + 1));
            present[pair >>> 6] |= 1L << (pair & 63);
        }
        return this;
    }

    boolean mayContain(int[] pairs) {
        for (int pair : pairs) {
            if ((present[pair >>> 6] & (1L << (pair & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int pair(char first, char second) {
        return (first & 63) << 6 | (second & 63);
    }
}
