package dev.switchyard.core.feedback;

import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.Feedback;

/**
 * The one place for what feedback means: the keys its counts are kept under on
 * {@code llm.feedback-counts}, written by the cost service and read by every router, and which
 * judgements count as sufficient.
 */
public final class FeedbackKey {

    /** The score from which a judgement without an explicit {@code sufficient} counts as sufficient. */
    public static final double SUFFICIENT_SCORE = 0.5;

    private FeedbackKey() {
    }

    /** The count of one tenant's answers of a task type and complexity by one model. */
    public static String of(String tenantId, String taskType, Complexity complexity, String model) {
        return tenantId + '\u0000' + taskType + '\u0000' + complexity.name() + '\u0000' + model;
    }

    /** The count of all of one tenant's answers at a complexity, whatever their task type and model. */
    public static String ofTenant(String tenantId, Complexity complexity) {
        return of(tenantId, "", complexity, "");
    }

    /** Whether a judgement says the answer was good enough: as it says, or, when it does not, by its score. */
    public static boolean sufficient(Feedback feedback) {
        return feedback.getSufficient() != null ? feedback.getSufficient() : feedback.getScore() >= SUFFICIENT_SCORE;
    }
}
