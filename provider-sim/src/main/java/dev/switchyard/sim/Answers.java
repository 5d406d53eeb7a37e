package dev.switchyard.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Deterministic answers: the same model and prompt always give the same text and token counts,
 * so tests and benchmarks can check exact costs. Input tokens are estimated like a tokenizer
 * would roughly count (four characters a token plus framing per message); each answer word is
 * one output token.
 */
final class Answers {

    private static final String[] WORDS = ("the router picks a model by cost latency and quality while kafka keeps every "
            + "request safe across crashes and budgets hold under load so each billed token counts once").split(" ");

    private Answers() {
    }

    record Answer(List<String> words, int inputTokens, int outputTokens, boolean cutByLimit) {
        String text() {
            return String.join(" ", words);
        }

        /** This answer with words added at its end, which it does not bill. */
        Answer followedBy(String text) {
            List<String> all = new java.util.ArrayList<>(words);
            all.addAll(List.of(text.split(" ")));
            return new Answer(List.copyOf(all), inputTokens, outputTokens, cutByLimit);
        }
    }

    static int inputTokens(List<String> messageContents) {
        int tokens = 0;
        for (String content : messageContents) {
            tokens += 4 + (content.length() + 3) / 4;
        }
        return tokens;
    }

    static Answer answer(String model, List<String> messageContents, Integer maxTokens) {
        CRC32 crc = new CRC32();
        crc.update(model.getBytes(StandardCharsets.UTF_8));
        messageContents.forEach(content -> crc.update(content.getBytes(StandardCharsets.UTF_8)));
        long seed = crc.getValue();
        int natural = 8 + (int) (seed % 40);
        int limit = maxTokens == null || maxTokens <= 0 ? Integer.MAX_VALUE : maxTokens;
        int count = Math.min(natural, limit);
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(WORDS[(int) (((seed >>> (i % 24)) + i) % WORDS.length)]);
        }
        return new Answer(words, inputTokens(messageContents), count, natural > limit);
    }
}
