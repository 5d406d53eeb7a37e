package dev.switchyard.executor.adapter;

/**
 * A provider's answer with the usage it bills.
 *
 * @param inputTokens       all input tokens, cache hits included
 * @param cachedInputTokens the part of inputTokens served from the provider's prompt cache
 */
public record Completion(String content, int inputTokens, int cachedInputTokens, int outputTokens) {

    public boolean billed() {
        return inputTokens > 0 || outputTokens > 0;
    }
}
