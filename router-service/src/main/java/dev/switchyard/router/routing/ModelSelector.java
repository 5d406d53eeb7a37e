package dev.switchyard.router.routing;

import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.strategy.Signals;
import dev.switchyard.schema.LlmRequest;
import java.util.List;

/**
 * Orders the models that may serve a request, best first. The router sends the request to the
 * first and keeps the rest as its fallback chain.
 */
public interface ModelSelector {

    /** A ranking with its one-line, human-readable reason. */
    record Ranking(List<ModelSpec> models, String reason) {
    }

    /** @param eligible non-empty: every model here passed the hard filters */
    Ranking rank(LlmRequest request, List<ModelSpec> eligible, Classification classification, Signals signals);
}
