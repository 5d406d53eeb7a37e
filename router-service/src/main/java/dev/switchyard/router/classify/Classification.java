package dev.switchyard.router.classify;

import dev.switchyard.schema.Complexity;

/**
 * What a request asks for: the task type (code, reasoning, summarize...) and how hard it is.
 *
 * @param taskConfidence       the classifier's probability of the task type, NaN where it gives none
 * @param complexityConfidence its probability of the complexity, likewise
 * @param classifierVersion    which classifier, and which of its trained versions, said so
 */
public record Classification(String taskType, Complexity complexity, double taskConfidence, double complexityConfidence,
                             String classifierVersion) {

    /** The probability of the task type and the complexity together, from heads that judge them apart; null without both. */
    public Double confidence() {
        return Double.isNaN(taskConfidence) || Double.isNaN(complexityConfidence) ? null : taskConfidence * complexityConfidence;
    }

    /** As routing reasons state it: {@code summarize (0.93), SIMPLE (0.71) by learned-1a2b3c4d}. */
    public String describe() {
        return taskType + confidence(taskConfidence) + ", " + complexity + confidence(complexityConfidence) + " by " + classifierVersion;
    }

    private static String confidence(double probability) {
        return Double.isNaN(probability) ? "" : String.format(java.util.Locale.ROOT, " (%.2f)", probability);
    }

    /** A classification without confidences: the rules, or a request's own hint. */
    public Classification(String taskType, Complexity complexity) {
        this(taskType, complexity, Double.NaN, Double.NaN, "rules");
    }
}
