package dev.switchyard.executor.adapter;

/**
 * A provider's answer with the usage it bills. Input tokens are counted as OpenAI's
 * {@code prompt_tokens} counts them, whatever the provider: all of them, with two disjoint parts
 * priced apart (see ModelPrice).
 *
 * @param inputTokens           all input tokens, cache reads and cache writes included
 * @param cachedInputTokens     the part of inputTokens served from the provider's prompt cache
 * @param cacheWriteInputTokens the part of inputTokens written to the provider's prompt cache
 *                              (Anthropic's cache_creation_input_tokens; 0 for providers that report none apart)
 */
public record Completion(String content, int inputTokens, int cachedInputTokens, int outputTokens, int cacheWriteInputTokens) {

    /** A completion without prompt-cache writes. */
    public Completion(String content, int inputTokens, int cachedInputTokens, int outputTokens) {
        this(content, inputTokens, cachedInputTokens, outputTokens, 0);
    }

    public boolean billed() {
        return inputTokens > 0 || outputTokens > 0;
    }
}
