package dev.switchyard.router.routing;

import dev.switchyard.core.tokens.TokenCounter;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.classify.Classifier;
import dev.switchyard.router.lean.TenantLean;
import dev.switchyard.router.strategy.Signals;
import dev.switchyard.router.validation.RequestValidator;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Routing;
import dev.switchyard.schema.internal.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides what happens to one request: validate, check the deadline, filter the catalog down
 * to the models that can serve it, rank them, and dispatch to the first. Pure and
 * deterministic given the catalog and {@code now}; budgets and cost caps are applied after it,
 * by the router core, which owns the state they need.
 */
public final class RequestRouter {

    private final Supplier<Catalog> catalog;
    private final Classifier classifier;
    private final ModelSelector selector;
    private final TenantLean lean;
    private final RoutingOptions options;

    public RequestRouter(Supplier<Catalog> catalog, Classifier classifier, ModelSelector selector, TenantLean lean,
                         RoutingOptions options) {
        this.catalog = catalog;
        this.classifier = classifier;
        this.selector = selector;
        this.lean = lean;
        this.options = options;
    }


    public RoutingDecision decide(LlmRequest request, Instant now, Signals signals) {
        if (request.getCreatedAtMs() == null) {
            request.setCreatedAtMs(now);
        }
        Catalog models = catalog.get();
        Optional<RequestValidator.Problem> problem = RequestValidator.check(request, models, options.limits());
        if (problem.isPresent()) {
            return end(request, ResultStatus.REJECTED, problem.get().code(), problem.get().message(), null, now);
        }
        if (request.getDeadlineMs() != null && !now.isBefore(request.getDeadlineMs())) {
            return end(request, ResultStatus.EXPIRED, ErrorCode.DEADLINE_EXCEEDED,
                    "deadline " + request.getDeadlineMs() + " passed before the request was routed", null, now);
        }
        if (signals.batchCancelled(request.getBatchId())) {
            return end(request, ResultStatus.REJECTED, ErrorCode.BATCH_CANCELLED,
                    "batch " + request.getBatchId() + " was cancelled before this request started", null, now);
        }
        Classification classification = lean.apply(classifier.classify(request), request.getTenantId(), signals);
        TokenCounter tokens = TokenCounter.of(request);
        Eligibility eligibility = Eligibility.of(request, tokens, models, options.defaultMaxOutputTokens());
        if (eligibility.models().isEmpty()) {
            return end(request, ResultStatus.REJECTED, eligibility.noneReason(models), eligibility.explain(), null, now);
        }
        List<ModelSpec> candidates = withoutOpenCircuits(eligibility.models(), signals);
        ModelSelector.Ranking ranking;
        List<ModelSpec> fallbacks;
        if (RequestValidator.isPinned(request)) {
            ranking = new ModelSelector.Ranking(candidates, "pinned by the request");
            // A pinned model goes first; when it fails, the models the strategy would have picked follow.
            fallbacks = request.getAllowFallback() ? alternativesToPinned(request, tokens, models, classification, signals) : List.of();
        } else {
            ranking = selector.rank(request, candidates, classification, signals);
            fallbacks = ranking.models().subList(1, ranking.models().size());
        }
        List<ModelOption> ranked = new ArrayList<>(ranking.models().size());
        for (ModelSpec model : ranking.models()) {
            ranked.add(ModelOption.of(model, request, options.defaultMaxOutputTokens(), tokens));
        }
        ModelOption target = ranked.getFirst();
        Routing routing = Routing.newBuilder()
                .setStrategy(request.getStrategy())
                .setTaskType(classification.taskType())
                .setComplexity(classification.complexity())
                .setReason(target.model().id() + ": " + ranking.reason() + "; classified " + classification.describe())
                .setConfidence(classification.confidence())
                .setClassifierVersion(classification.classifierVersion())
                .setEstimatedCostNanoUsd(target.worstCaseNanoUsd())
                .setFallbackChain(fallbackChain(request, fallbacks))
                .build();
        return new RoutingDecision.Dispatch(workItem(request, routing, target, 1, List.of(), now), ranked);
    }

    /** A work item for one attempt on one model; its request carries the model's output cap. */
    public static WorkItem workItem(LlmRequest request, Routing routing, ModelOption target, int attempt,
                                    List<dev.switchyard.schema.Attempt> previousAttempts, Instant now) {
        LlmRequest capped = shallowCopy(request);
        capped.setMaxOutputTokens(target.maxOutputTokens());
        return WorkItem.newBuilder()
                .setRequest(capped)
                .setRouting(routing)
                .setProvider(target.model().provider())
                .setModel(target.model().id())
                .setAttempt(attempt)
                .setPreviousAttempts(previousAttempts)
                .setRoutedAtMs(now)
                .build();
    }

    /**
     * The request with its fields shared: an Avro builder would deep-copy the messages, the
     * largest part of a request, on every route. Nothing downstream mutates them.
     */
    private static LlmRequest shallowCopy(LlmRequest request) {
        LlmRequest copy = new LlmRequest();
        for (int field = 0; field < LlmRequest.SCHEMA$.getFields().size(); field++) {
            copy.put(field, request.get(field));
        }
        return copy;
    }

    private List<String> fallbackChain(LlmRequest request, List<ModelSpec> fallbacks) {
        if (!request.getAllowFallback()) {
            return List.of();
        }
        return fallbacks.stream().limit(options.maxFallbacks()).map(ModelSpec::id).toList();
    }

    /** Never to a model whose circuit is open while another eligible model exists. */
    private static List<ModelSpec> withoutOpenCircuits(List<ModelSpec> eligible, Signals signals) {
        List<ModelSpec> closed = new ArrayList<>(eligible.size());
        for (ModelSpec model : eligible) {
            if (!signals.circuitOpen(model.id())) {
                closed.add(model);
            }
        }
        return closed.isEmpty() ? eligible : closed;
    }

    /** The other models that can serve a pinned request, as its strategy ranks them. */
    private List<ModelSpec> alternativesToPinned(LlmRequest request, TokenCounter tokens, Catalog models, Classification classification,
                                                 Signals signals) {
        Eligibility others = Eligibility.alternativesToPinned(request, tokens, models, options.defaultMaxOutputTokens());
        return others.models().isEmpty() ? List.of()
                : selector.rank(request, withoutOpenCircuits(others.models(), signals), classification, signals).models();
    }

    private static RoutingDecision end(LlmRequest request, ResultStatus status, ErrorCode code, String message,
                                       Routing routing, Instant now) {
        return new RoutingDecision.End(Results.withoutAttempt(request, status, code, message, routing, now));
    }
}
