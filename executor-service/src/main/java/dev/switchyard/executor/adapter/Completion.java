package dev.switchyard.executor.adapter;

import dev.switchyard.schema.ToolCall;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A provider's answer with the usage it bills. Input tokens are counted as OpenAI's
 * {@code prompt_tokens} counts them, whatever the provider: all of them, with two disjoint parts
 * priced apart (see ModelPrice).
 *
 * @param content               the answer's text; empty when the model only called tools
 * @param toolCalls             the tools the model called, in order
 * @param finishReason          the contract's finish reason: stop, length, tool_calls or content_filter
 * @param inputTokens           all input tokens, cache reads and cache writes included
 * @param cachedInputTokens     the part of inputTokens served from the provider's prompt cache
 * @param cacheWriteInputTokens the part of inputTokens written to the provider's prompt cache
 *                              (Anthropic's cache_creation_input_tokens; 0 for providers that report none apart)
 */
public record Completion(String content, List<ToolCall> toolCalls, String finishReason, int inputTokens, int cachedInputTokens,
                         int outputTokens, int cacheWriteInputTokens) {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String TOOL_CALLS = "tool_calls";
    public static final String CONTENT_FILTER = "content_filter";

    /** A text answer that stopped by itself, with its usage. */
    public Completion(String content, int inputTokens, int cachedInputTokens, int outputTokens, int cacheWriteInputTokens) {
        this(content, List.of(), STOP, inputTokens, cachedInputTokens, outputTokens, cacheWriteInputTokens);
    }

    /** A text answer without prompt-cache writes. */
    public Completion(String content, int inputTokens, int cachedInputTokens, int outputTokens) {
        this(content, inputTokens, cachedInputTokens, outputTokens, 0);
    }

    public boolean billed() {
        return inputTokens > 0 || outputTokens > 0;
    }

    /** This answer with every text the provider wrote (content and tool arguments) passed through {@code edit}. */
    public Completion withTexts(UnaryOperator<String> edit) {
        List<ToolCall> calls = toolCalls.stream()
                .map(call -> new ToolCall(call.getId(), call.getName(), edit.apply(call.getArgumentsJson())))
                .toList();
        return new Completion(content == null ? null : edit.apply(content), calls, finishReason, inputTokens, cachedInputTokens,
                outputTokens, cacheWriteInputTokens);
    }
}
