package dev.switchyard.router.routing;

import dev.switchyard.router.classify.Classification;

import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.schema.LlmRequest;
import java.util.List;

/** Ranks eligible models in catalog order: the operator's own order of preference. */
public final class CatalogOrderSelector implements ModelSelector {

    @Override
    public Ranking rank(LlmRequest request, List<ModelSpec> eligible, Classification classification) {
        return new Ranking(eligible, "first of " + eligible.size() + " eligible models in catalog order");
    }
}
