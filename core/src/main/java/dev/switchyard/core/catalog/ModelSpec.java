package dev.switchyard.core.catalog;

import java.util.Map;
import java.util.Set;

/**
 * One model as the router sees it.
 *
 * @param quality           score in [0, 1] per task type (chat, code, reasoning, summarize, translate,
 *                          extract, classify, creative); a task type it lacks scores {@link #DEFAULT_QUALITY}.
 *                          A catalog may name reasoning {@code math}, its earlier name
 * @param requestsPerMinute the account's limit for this model alone, on top of its provider's; 0: none
 * @param tokensPerMinute   likewise for tokens; 0: none
 */
public record ModelSpec(
        String id,
        String provider,
        Set<String> capabilities,
        ModelPrice price,
        int contextWindow,
        int maxOutputTokens,
        int typicalLatencyMs,
        Map<String, Double> quality,
        int requestsPerMinute,
        long tokensPerMinute) {

    public static final double DEFAULT_QUALITY = 0.5;

    public boolean can(Set<String> required) {
        return capabilities.containsAll(required);
    }

    public double qualityFor(String taskType) {
        Double score = quality.get(taskType);
        if (score == null && taskType.equals(REASONING)) {
            score = quality.get(REASONING_EARLIER_NAME);
        }
        return score == null ? DEFAULT_QUALITY : score;
    }

    private static final String REASONING = "reasoning";
    private static final String REASONING_EARLIER_NAME = "math";
}
