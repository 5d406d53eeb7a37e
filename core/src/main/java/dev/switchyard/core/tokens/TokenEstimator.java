package dev.switchyard.core.tokens;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import java.nio.charset.StandardCharsets;

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
            tokens += FRAMING_TOKENS_PER_MESSAGE + message.getContent().getBytes(StandardCharsets.UTF_8).length;
        }
        return tokens;
    }
}
