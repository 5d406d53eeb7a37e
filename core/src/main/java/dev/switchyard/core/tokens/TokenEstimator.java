package dev.switchyard.core.tokens;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;

/**
 * Counts input tokens before any tokenizer sees the prompt, two ways (the one place that does):
 * <ul>
 *   <li>{@link #inputTokens}: a close estimate (about four characters a token for English, plus
 *       chat framing per message), for context-window filters and displays;</li>
 *   <li>{@link #worstCaseInputTokens}: an upper bound (one token per UTF-8 byte: byte-level BPE
 *       tokenizers never produce more), for money. Budgets and cost caps reserve this bound, so
 *       the actual cost of an attempt can never exceed what was reserved for it.</li>
 * </ul>
 */
public final class TokenEstimator {

    private static final int CHARS_PER_TOKEN = 4;
    private static final int FRAMING_TOKENS_PER_MESSAGE = 4;

    private TokenEstimator() {
    }

    public static int inputTokens(LlmRequest request) {
        long tokens = 0;
        for (Message message : request.getMessages()) {
            tokens += FRAMING_TOKENS_PER_MESSAGE + (message.getContent().length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        }
        return (int) Math.min(tokens, Integer.MAX_VALUE);
    }

    public static long worstCaseInputTokens(LlmRequest request) {
        long tokens = 0;
        for (Message message : request.getMessages()) {
            tokens += FRAMING_TOKENS_PER_MESSAGE + utf8Length(message.getContent());
        }
        return tokens;
    }

    /** The UTF-8 encoded length, without encoding: an unpaired surrogate encodes as '?', one byte. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
