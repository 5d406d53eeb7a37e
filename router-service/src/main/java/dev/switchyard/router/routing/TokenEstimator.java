package dev.switchyard.router.routing;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;

/**
 * Estimates input tokens before any tokenizer sees the prompt: about four characters a token
 * for English text, plus a few tokens of chat framing per message. It errs high on purpose,
 * since it feeds worst-case budget reservations and context-window checks.
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
}
