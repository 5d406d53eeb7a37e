package dev.switchyard.core.tokens;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;

/**
 * A quick estimate of input tokens without any tokenizer (about four characters a token for
 * English, plus chat framing per message), where a rough figure is enough: ranking models by
 * expected cost, an executor's rate-limit share. Context windows and money use {@link TokenCounter}.
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

    /** The UTF-8 encoded length, without encoding: an unpaired surrogate encodes as '?', one byte. */
    public static long utf8Length(String text) {
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
