package dev.switchyard.core.tokens;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import java.util.List;

/**
 * A quick estimate of input tokens without any tokenizer (about four characters a token for
 * English, plus chat framing per message, tools and schemas counted as text, and
 * {@value #TOKENS_PER_IMAGE} per image, about a mid-sized image on either provider's formula),
 * where a rough figure is enough: ranking models by expected cost, an executor's rate-limit share.
 * Context windows and money use {@link TokenCounter}.
 */
public final class TokenEstimator {

    private static final int CHARS_PER_TOKEN = 4;
    private static final int FRAMING_TOKENS_PER_MESSAGE = 4;
    static final int TOKENS_PER_IMAGE = 1_000;

    private TokenEstimator() {
    }

    public static int inputTokens(LlmRequest request) {
        long tokens = tokens(PromptTexts.besideMessages(request)) + (long) TOKENS_PER_IMAGE * PromptTexts.images(request).size();
        for (Message message : request.getMessages()) {
            tokens += FRAMING_TOKENS_PER_MESSAGE + tokens(PromptTexts.of(message));
        }
        return (int) Math.min(tokens, Integer.MAX_VALUE);
    }

    private static long tokens(List<String> texts) {
        long chars = 0;
        for (String text : texts) {
            chars += text.length();
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
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
