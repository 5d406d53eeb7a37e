package dev.switchyard.router.classify;

import dev.switchyard.schema.Complexity;

/**
 * What a request asks for: the task type (code, reasoning, summarize...) and how hard it is.
 *
 * @param complexity           the most likely complexity
 * @param taskConfidence       the classifier's probability of the task type, NaN where it gives none
 * @param complexityConfidence its probability of the complexity, likewise
 * @param classifierVersion    which classifier, and which of its trained versions, said so
 * @param routeAs              the complexity a model is chosen for: {@code complexity}, or a higher
 *                             one while a higher one is still likely enough. A model too weak for a
 *                             request gives a wrong answer, one too strong only costs more, so an
 *                             unsure router leans up
 * @param leaning              how the lean can be moved for a tenant ({@link #leanedAt}); null
 *                             where the classifier gives no probabilities (rules, hints)
 * @param threshold            the threshold {@code routeAs} was leaned at, NaN for the classifier's own
 */
public record Classification(String taskType, Complexity complexity, double taskConfidence, double complexityConfidence,
                             String classifierVersion, Complexity routeAs, Leaning leaning, double threshold) {

    /** A classification routed as its own complexity. */
    public Classification(String taskType, Complexity complexity, double taskConfidence, double complexityConfidence,
                          String classifierVersion) {
        this(taskType, complexity, taskConfidence, complexityConfidence, classifierVersion, complexity, null, Double.NaN);
    }

    /** A classification leaned up at its classifier's own threshold. */
    public Classification(String taskType, Complexity complexity, double taskConfidence, double complexityConfidence,
                          String classifierVersion, Complexity routeAs, Leaning leaning) {
        this(taskType, complexity, taskConfidence, complexityConfidence, classifierVersion, routeAs, leaning, Double.NaN);
    }

    /** The same classification leaned at another threshold; itself when it cannot lean. */
    public Classification leanedAt(double threshold) {
        return leaning == null ? this : new Classification(taskType, complexity, taskConfidence, complexityConfidence,
                classifierVersion, leaning.routeAs(complexity, threshold), leaning, threshold);
    }

    /** The probability of the task type and the complexity together, from heads that judge them apart; null without both. */
    public Double confidence() {
        return Double.isNaN(taskConfidence) || Double.isNaN(complexityConfidence) ? null : taskConfidence * complexityConfidence;
    }

    /** As routing reasons state it: {@code summarize (0.93), SIMPLE (0.71) by learned-1a2b3c4d}, and what it is routed as when higher. */
    public String describe() {
        return taskType + confidence(taskConfidence) + ", " + complexity + confidence(complexityConfidence)
                + (routeAs == complexity ? "" : ", routed as " + routeAs)
                + (Double.isNaN(threshold) ? "" : String.format(java.util.Locale.ROOT, " (tenant's lean %.3f)", threshold))
                + " by " + classifierVersion;
    }

    /** The same classification with another task type, of this confidence (a request's own hint). */
    public Classification withTaskType(String type, double confidence) {
        return new Classification(type, complexity, confidence, complexityConfidence, classifierVersion, routeAs, leaning, threshold);
    }

    private static String confidence(double probability) {
        return Double.isNaN(probability) ? "" : String.format(java.util.Locale.ROOT, " (%.2f)", probability);
    }

    /** A classification without confidences: the rules, or a request's own hint. */
    public Classification(String taskType, Complexity complexity) {
        this(taskType, complexity, Double.NaN, Double.NaN, "rules");
    }
}
