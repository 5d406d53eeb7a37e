package dev.switchyard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How one simulated model behaves. Rates are probabilities per call, in [0, 1], drawn in the
 * order: hang, 429, server error, then the call proceeds (and may be truncated, if streamed).
 *
 * @param latencyMs         median time to answer
 * @param jitterMs          the answer time is uniform in latencyMs ± jitterMs
 * @param slowRate          share of calls in the slow tail, which take slowMs more: with the
 *                          jitter this gives a bimodal distribution like real providers' p99s
 * @param slowMs            the extra time of a call in the slow tail
 * @param errorRate         share of calls answered 500, or 503 for one in three of them
 * @param rateLimitRate     share of calls answered 429 with Retry-After
 * @param retryAfterSeconds the Retry-After of a 429
 * @param hangRate          share of calls that never answer (until hangMs), to exercise timeouts
 * @param hangMs            how long a hung call holds the connection
 * @param contextWindow     a prompt estimated above this many tokens is a context-length error
 * @param truncateRate      share of streamed answers cut off before their end marker
 * @param cachedInputShare  share of input tokens reported as prompt-cache hits
 * @param cacheWriteInputShare share of input tokens reported as written to the prompt cache
 *                          (Anthropic's cache_creation_input_tokens), at most what the hits leave;
 *                          OpenAI reports no writes apart, so they stay plain prompt tokens there
 * @param apiKey            when set, calls without exactly this key are refused 401
 * @param echoHeaders       a careless provider: every answer and every error message ends with
 *                          the request's headers, credentials included, to test that they reach
 *                          no topic, log or metric
 * @param toolCalls         how many tools a model calls at once when tools are offered, the choice is
 *                          not none and the conversation does not end in tool results (those it
 *                          answers in text, quoting them); 0 makes it answer in text instead. A choice
 *                          that names one tool gets one call of it, as real models give
 * @param invalidJson       a model bad at structured output: a json_object answer is not JSON, and a
 *                          json_schema answer (or the input of a tool that tool_choice names, which is
 *                          how JSON schemas go to Anthropic) lacks the schema's first required
 *                          property, or, with none required, has its first property of the wrong type
 */
public record Knobs(
        int latencyMs,
        int jitterMs,
        double slowRate,
        int slowMs,
        double errorRate,
        double rateLimitRate,
        int retryAfterSeconds,
        double hangRate,
        int hangMs,
        int contextWindow,
        double truncateRate,
        double cachedInputShare,
        double cacheWriteInputShare,
        String apiKey,
        boolean echoHeaders,
        int toolCalls,
        boolean invalidJson) {

    public static Knobs defaults() {
        return new Knobs(0, 0, 0, 0, 0, 0, 1, 0, 120_000, 1_048_576, 0, 0, 0, null, false, 1, false);
    }

    /**
     * These knobs with some changed, named as in JSON: {@code with(Map.of("errorRate", 1.0))}.
     * The admin API changes knobs the same way.
     *
     * @throws IllegalArgumentException for an unknown knob or a value of the wrong type
     */
    public Knobs with(Map<String, ?> changes) {
        ObjectNode merged = Http.JSON.valueToTree(this);
        changes.forEach((knob, value) -> {
            if (!merged.has(knob)) {
                throw new IllegalArgumentException("unknown knob '" + knob + "'; knobs are " + fieldNames());
            }
            merged.set(knob, Http.JSON.valueToTree(value));
        });
        try {
            Knobs knobs = Http.JSON.treeToValue(merged, Knobs.class);
            knobs.validate();
            return knobs;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad knob value: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> fieldNames() {
        return Arrays.stream(Knobs.class.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    void validate() {
        for (double rate : new double[] {slowRate, errorRate, rateLimitRate, hangRate, truncateRate, cachedInputShare, cacheWriteInputShare}) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("rates and shares must be within [0, 1], got " + rate);
            }
        }
        if (latencyMs < 0 || jitterMs < 0 || slowMs < 0 || hangMs < 0 || retryAfterSeconds < 0 || contextWindow <= 0 || toolCalls < 0) {
            throw new IllegalArgumentException("times and toolCalls must not be negative and contextWindow must be positive");
        }
    }
}
