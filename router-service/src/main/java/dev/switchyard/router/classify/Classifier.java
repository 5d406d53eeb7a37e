package dev.switchyard.router.classify;

import dev.switchyard.schema.LlmRequest;

/**
 * Tells what a request asks for, from its messages alone. Deterministic and cheap: it runs on
 * the stream thread for every request. A learned classifier can replace the rule-based one
 * behind this interface.
 */
public interface Classifier {

    Classification classify(LlmRequest request);

    /** A hint in the request ({@code taskType}) overrides the classifier's task type. */
    static Classifier withHints(Classifier classifier) {
        return request -> {
            Classification found = classifier.classify(request);
            return request.getTaskType() == null || request.getTaskType().isBlank()
                    ? found
                    : found.withTaskType(request.getTaskType().trim().toLowerCase(java.util.Locale.ROOT), 1.0);
        };
    }
}
