package dev.switchyard.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.schema.ContentPart;
import dev.switchyard.schema.LlmRequest;
import java.util.EnumMap;
import java.util.List;
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
 * Besides the messages' texts, a request's tool calls, tool answers, tool definitions and response
 * schema are text the provider puts in the prompt, and count as such; a request with tools or a
 * schema adds {@value #TOOLS_PREAMBLE_TOKENS} tokens for the instructions providers wrap them in
 * (Anthropic documents up to 346 for its tool-use system prompt; OpenAI documents none, and its
 * framing is smaller). Each image counts with its provider's formula ({@link ImageTokens}), at
 * the formula's largest value when its size cannot be read (an http URL). So a budget reserves
 * at least what the call can bill.
 * <p>
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
    static final int TOOLS_PREAMBLE_TOKENS = 400;
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final LlmRequest request;
    private final Map<EncodingType, Long> counted = new EnumMap<>(EncodingType.class);
    private long utf8Bytes = -1;
    private List<ContentPart> images;
    private List<ImageTokens.Size> sizes;

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
        long beside = imageTokens(model.provider()) + (PromptTexts.hasToolsOrSchema(request) ? TOOLS_PREAMBLE_TOKENS : 0);
        if (own != null) {
            return tokens(own) + (long) OPENAI_TOKENS_PER_MESSAGE * messages + OPENAI_REPLY_PRIMING + beside;
        }
        long estimate = (long) Math.ceil(tokens(EncodingType.CL100K_BASE) * ESTIMATE_SAFETY);
        return Math.min(estimate, utf8Bytes()) + (long) ESTIMATE_TOKENS_PER_MESSAGE * messages + beside;
    }

    private long imageTokens(String provider) {
        if (images == null) {
            images = PromptTexts.images(request);
            sizes = images.stream().map(TokenCounter::size).toList(); // read once, however many models are counted
        }
        long tokens = 0;
        for (int i = 0; i < images.size(); i++) {
            tokens += ImageTokens.forProvider(provider, sizes.get(i), images.get(i).getDetail());
        }
        return tokens;
    }

    /** An image's size from its data; null (the formula's worst case) for a URL or data that cannot be read. */
    private static ImageTokens.Size size(ContentPart image) {
        try {
            return image.getImageBase64() != null ? ImageTokens.ofBase64(image.getImageBase64()) : ImageTokens.ofUrl(image.getImageUrl());
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
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
            for (String text : PromptTexts.of(request)) {
                tokens += hasLongRun(text) ? TokenEstimator.utf8Length(text) : encoding.countTokensOrdinary(text);
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
            for (String text : PromptTexts.of(request)) {
                bytes += TokenEstimator.utf8Length(text);
            }
            utf8Bytes = bytes;
        }
        return utf8Bytes;
    }
}
