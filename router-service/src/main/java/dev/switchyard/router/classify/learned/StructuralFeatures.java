package dev.switchyard.router.classify.learned;

import dev.switchyard.schema.Message;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cheap signals of a conversation that an embedding of its start and end does not carry: how
 * long it is, whether it holds code, markup, numbers or math, how many constraints it sets, and
 * whether it shows examples. One pass over the text, microseconds.
 */
final class StructuralFeatures {

    static final List<String> NAMES = List.of(
            "log_length", "log_last_turn_length", "messages", "has_system", "code_fence", "code_chars", "markup",
            "digits", "math_symbols", "constraint_words", "examples", "lines", "non_ascii", "questions", "list_items");

    private static final Pattern CONSTRAINTS = Pattern.compile(
            "\\b(must|exactly|at least|at most|no more than|without|only|strictly|never|always|each|every|ensure|"
                    + "prove|rigorous|formal|derive|constraint|requirement|muss|debe|doit|deve|musi)\\b");
    private static final Pattern EXAMPLES = Pattern.compile("(?m)^\\s*(input|output|example|q|a|in|out)\\s*[:=]");
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*([-*•]|\\d+[.)])\\s+");
    private static final Pattern MARKUP = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*[^<>]*>");

    private StructuralFeatures() {
    }

    static double[] of(List<Message> messages) {
        String last = "";
        StringBuilder all = new StringBuilder();
        boolean system = false;
        for (Message message : messages) {
            all.append(message.getContent()).append('\n');
            system |= message.getRole().equals("system");
            if (message.getRole().equals("user")) {
                last = message.getContent();
            }
        }
        String text = all.toString();
        int codeChars = 0;
        int digits = 0;
        int math = 0;
        int nonAscii = 0;
        int lines = 1;
        int questions = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '{', '}', ';', '(', ')', '[', ']', '=', '<', '>' -> codeChars++;
                case '+', '^', '∑', '∫', '√', '≤', '≥', '≠', '∀', '∃', '∈', 'π', '×', '÷' -> math++;
                case '\n' -> lines++;
                case '?', '？', '¿' -> questions++;
                default -> {
                }
            }
            if (Character.isDigit(c)) {
                digits++;
            }
            if (c > 127) {
                nonAscii++;
            }
        }
        double length = Math.max(1, text.length());
        String lower = last.toLowerCase(Locale.ROOT);
        return new double[] {
                Math.log1p(text.length()),
                Math.log1p(last.length()),
                Math.log1p(messages.size()),
                system ? 1 : 0,
                text.contains("```") ? 1 : 0,
                codeChars / length * 10,
                Math.log1p(count(MARKUP, text)),
                digits / length * 10,
                Math.log1p(math),
                Math.log1p(count(CONSTRAINTS, lower)),
                Math.log1p(count(EXAMPLES, lower)),
                Math.log1p(lines),
                nonAscii / length,
                Math.log1p(questions),
                Math.log1p(count(LIST_ITEM, last)),
        };
    }

    private static int count(Pattern pattern, String text) {
        int found = 0;
        for (var matcher = pattern.matcher(text); matcher.find() && found < 1000; ) {
            found++;
        }
        return found;
    }
}
