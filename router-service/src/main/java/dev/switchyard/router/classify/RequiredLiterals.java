package dev.switchyard.router.classify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The literal strings of which a text must contain at least one for a regular expression to
 * match it, derived from the expression itself: a {@code String.contains} per literal then rules
 * most cue patterns out before their regex runs, which is what keeps classification cheap. The
 * regex still decides; a gate only skips patterns that cannot match, so results never change.
 *
 * <p>Understands the subset the cues are written in: literal characters and escaped punctuation,
 * groups with alternatives, {@code ? * + {m,n}} quantifiers, character classes, {@code \b \d \s
 * \w .}, anchors and lookarounds. Anything else (inline flags, back references, hex or property
 * escapes) yields no gate: never a wrong one.
 */
final class RequiredLiterals {

    /** Escapes whose letter is followed by more of the escape (hex, code points, properties, names, quotes). */
    private static final String UNSUPPORTED_ESCAPES = "xucpPkNQEg";

    /** Below this length a literal passes nearly every text, so gating on it is not worth a scan. */
    private static final int SHORTEST_USEFUL = 2;

    private final String regex;
    private int at;

    private RequiredLiterals(String regex) {
        this.regex = regex;
    }

    /** The literals, one of which every match contains; empty when no useful gate is known. */
    static Set<String> of(String regex) {
        try {
            RequiredLiterals parser = new RequiredLiterals(regex);
            Set<String> literals = parser.alternatives();
            return parser.at == regex.length() && literals != null && shortest(literals) >= SHORTEST_USEFUL ? literals : Set.of();
        } catch (RuntimeException unexpectedSyntax) {
            return Set.of();
        }
    }

    /** {@code seq ('|' seq)*}: a match contains one of each alternative's literals, so the union; null if any has none. */
    private Set<String> alternatives() {
        Set<String> union = new LinkedHashSet<>();
        boolean gated = true;
        while (true) {
            Set<String> branch = sequence();
            if (branch == null) {
                gated = false;
            } else {
                union.addAll(branch);
            }
            if (at < regex.length() && regex.charAt(at) == '|') {
                at++;
            } else {
                return gated ? union : null;
            }
        }
    }

    /** A sequence's best gate: its longest run of required literal characters, or a required group's literals. */
    private Set<String> sequence() {
        List<Set<String>> candidates = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
            char c = regex.charAt(at);
            Set<String> group = null;
            boolean literal = false;
            boolean zeroWidth = false;
            char value = c;
            if (c == '\\') {
                char escaped = regex.charAt(at + 1);
                at += 2;
                if (escaped == 'b' || escaped == 'B') {
                    zeroWidth = true;
                } else if (UNSUPPORTED_ESCAPES.indexOf(escaped) >= 0 || Character.isDigit(escaped)) {
                    throw new IllegalArgumentException("an escape this parser does not follow: \\" + escaped);
                } else if (!Character.isLetterOrDigit(escaped)) {
                    literal = true;
                    value = escaped;
                }
            } else if (c == '(') {
                at++;
                if (regex.startsWith("?:", at)) {
                    at += 2;
                    group = alternatives();
                } else if (regex.startsWith("?=", at) || regex.startsWith("?!", at) || regex.startsWith("?<=", at)
                        || regex.startsWith("?<!", at)) {
                    skipBalanced('(', ')'); // a lookaround consumes nothing
                    zeroWidth = true;
                } else if (regex.charAt(at) == '?') {
                    // Inline flags may change what a literal matches (case, comments): no gate at all.
                    throw new IllegalArgumentException("inline flags or a named group");
                } else {
                    group = alternatives();
                }
                if (!zeroWidth) {
                    expect(')');
                }
                if (group == null && !zeroWidth) {
                    group = Set.of(); // a group that gives no gate: still an item, which breaks the run
                }
            } else if (c == '[') {
                skipClass();
            } else if (c == '^' || c == '$') {
                at++;
                zeroWidth = true;
            } else if (c == '.') {
                at++;
            } else {
                at++;
                literal = true;
            }
            Quantifier quantifier = quantifier();
            if (zeroWidth) {
                continue;
            }
            if (literal && quantifier == Quantifier.ONCE) {
                run.append(value);
                continue;
            }
            flush(run, candidates);
            if (literal && quantifier == Quantifier.AT_LEAST_ONCE) {
                run.append(value); // required, but what follows it is not adjacent
                flush(run, candidates);
            } else if (group != null && !group.isEmpty() && quantifier != Quantifier.OPTIONAL) {
                candidates.add(group);
            }
        }
        flush(run, candidates);
        Set<String> best = null;
        for (Set<String> candidate : candidates) {
            if (best == null || shortest(candidate) > shortest(best)) {
                best = candidate;
            }
        }
        return best;
    }

    private enum Quantifier { ONCE, OPTIONAL, AT_LEAST_ONCE }

    private Quantifier quantifier() {
        if (at >= regex.length()) {
            return Quantifier.ONCE;
        }
        char c = regex.charAt(at);
        Quantifier quantifier = switch (c) {
            case '?', '*' -> Quantifier.OPTIONAL;
            case '+' -> Quantifier.AT_LEAST_ONCE;
            case '{' -> regex.startsWith("{0", at) ? Quantifier.OPTIONAL : Quantifier.AT_LEAST_ONCE;
            default -> Quantifier.ONCE;
        };
        if (c == '{') {
            at = regex.indexOf('}', at) + 1;
        } else if (quantifier != Quantifier.ONCE) {
            at++;
        }
        if (quantifier != Quantifier.ONCE && at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '+')) {
            at++; // lazy or possessive
        }
        return quantifier;
    }

    private static void flush(StringBuilder run, List<Set<String>> candidates) {
        if (!run.isEmpty()) {
            candidates.add(Set.of(run.toString()));
            run.setLength(0);
        }
    }

    /** Skips a character class, nested ones ({@code [a-z&&[^q]]}) included. */
    private void skipClass() {
        at++;
        if (regex.charAt(at) == '^') {
            at++;
        }
        if (regex.charAt(at) == ']') {
            at++; // a leading ']' is a member, not the end
        }
        skipBalanced('[', ']');
    }

    /** Skips past the bracket that closes one already passed, over escapes and, in a group, classes. */
    private void skipBalanced(char open, char close) {
        int depth = 1;
        while (depth > 0) {
            char c = regex.charAt(at++);
            if (c == '\\') {
                at++;
            } else if (c == '[' && open == '(') {
                at--;
                skipClass();
            } else if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
            }
        }
    }

    private void expect(char c) {
        if (regex.charAt(at) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + at + " in " + regex);
        }
        at++;
    }

    private static int shortest(Set<String> literals) {
        int shortest = Integer.MAX_VALUE;
        for (String literal : literals) {
            shortest = Math.min(shortest, literal.length());
        }
        return shortest;
    }
}
