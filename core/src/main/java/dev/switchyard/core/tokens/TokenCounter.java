package dev.switchyard.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import java.util.EnumMap;
import java.util.Map;

/**
 * A request's input tokens on a given model, before the call, for context-window checks and for
 * the money budgets reserve:
 * <ul>
 *   <li>OpenAI's models: exact, with the model's own tokenizer (jtokkit's o200k_base, or
 *       cl100k_base for the GPT-4 and GPT-3.5 generation) and OpenAI's chat framing of
 *       {@value #OPENAI_TOKENS_PER_MESSAGE} tokens per message besides its role and text, and {@value #OPENAI_REPLY_PRIMING}
 *       for the reply;</li>
 *   <li>every other provider, whose tokenizer Java does not have: cl100k_base's count times
 *       {@value #ESTIMATE_SAFETY}, never more than one token per UTF-8 byte (which no byte-level
 *       tokenizer exceeds), plus {@value #ESTIMATE_TOKENS_PER_MESSAGE} framing tokens per message.
 *       Anthropic's, Google's and Mistral's tokenizers give up to about a fifth more tokens than
 *       cl100k_base on English and somewhat more on some scripts: the factor covers that.</li>
 * </ul>
 * A request's text is tokenized once per tokenizer, however many models it is counted for (prose
 * at about 18 MB/s). A message holding a run of more than {@value #LONGEST_TOKENIZED_RUN}
 * characters without whitespace (a pasted blob) counts one token per UTF-8 byte instead: a bound
 * that never under-counts, where BPE over one huge piece would hold the router's stream thread
 * (400,000 such characters take a quarter of a second).
 */
public final class TokenCounter {

    public static final double ESTIMATE_SAFETY = 1.5;
    static final int OPENAI_TOKENS_PER_MESSAGE = 3;
    static final int OPENAI_REPLY_PRIMING = 3;
    static final int ESTIMATE_TOKENS_PER_MESSAGE = 8;
    static final int LONGEST_TOKENIZED_RUN = 4_096;
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final LlmRequest request;
    private final Map<EncodingType, Long> counted = new EnumMap<>(EncodingType.class);
    private long utf8Bytes = -1;

    private TokenCounter(LlmRequest request) {
        this.request = request;
    }

    public static TokenCounter of(LlmRequest request) {
        return new TokenCounter(request);
    }

    /** The request's input tokens on {@code model}: exact where its tokenizer is known, else the bounded estimate. */
    public long inputTokens(ModelSpec model) {
        EncodingType own = ownEncoding(model);
        int messages = request.getMessages().size();
        if (own != null) {
            return tokens(own) + (long) OPENAI_TOKENS_PER_MESSAGE * messages + OPENAI_REPLY_PRIMING;
        }
        long estimate = (long) Math.ceil(tokens(EncodingType.CL100K_BASE) * ESTIMATE_SAFETY);
        return Math.min(estimate, utf8Bytes()) + (long) ESTIMATE_TOKENS_PER_MESSAGE * messages;
    }

    /** Whether {@link #inputTokens} is the model's own exact count rather than an estimate. */
    public static boolean exactFor(ModelSpec model) {
        return ownEncoding(model) != null;
    }

    /** The tokenizer of OpenAI's models; null for other providers'. */
    static EncodingType ownEncoding(ModelSpec model) {
        if (!model.provider().equals("openai")) {
            return null;
        }
        String id = model.id();
        return id.startsWith("gpt-4-") || id.equals("gpt-4") || id.startsWith("gpt-3.5") ? EncodingType.CL100K_BASE : EncodingType.O200K_BASE;
    }

    private long tokens(EncodingType type) {
        return counted.computeIfAbsent(type, t -> {
            Encoding encoding = REGISTRY.getEncoding(t);
            long tokens = 0;
            for (Message message : request.getMessages()) {
                String content = message.getContent();
                tokens += encoding.countTokensOrdinary(message.getRole()) + (hasLongRun(content)
                        ? TokenEstimator.utf8Length(content) : encoding.countTokensOrdinary(content));
            }
            return tokens;
        });
    }

    private static boolean hasLongRun(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = Character.isWhitespace(text.charAt(i)) ? 0 : run + 1;
            if (run > LONGEST_TOKENIZED_RUN) {
                return true;
            }
        }
        return false;
    }

    private long utf8Bytes() {
        if (utf8Bytes < 0) {
            long bytes = 0;
            for (Message message : request.getMessages()) {
                bytes += TokenEstimator.utf8Length(message.getRole()) + TokenEstimator.utf8Length(message.getContent());
            }
            utf8Bytes = bytes;
        }
        return utf8Bytes;
    }
}
