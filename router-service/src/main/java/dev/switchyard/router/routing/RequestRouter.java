package dev.switchyard.router.routing;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.router.validation.RequestValidator;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Routing;
import dev.switchyard.schema.internal.WorkItem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides what happens to one request: validate, check the deadline, filter the catalog down
 * to the models that can serve it, rank them, and dispatch to the first. Pure and
 * deterministic given the catalog and the clock, so the topology test drives it directly.
 */
public final class RequestRouter {

    /** Default task type until the classifier gives one; see {@link Classification}. */
    static final String DEFAULT_TASK_TYPE = "chat";

    private final Supplier<Catalog> catalog;
    private final ModelSelector selector;
    private final Clock clock;
    private final RoutingOptions options;

    public RequestRouter(Supplier<Catalog> catalog, ModelSelector selector, Clock clock, RoutingOptions options) {
        this.catalog = catalog;
        this.selector = selector;
        this.clock = clock;
        this.options = options;
    }

    public RoutingDecision decide(LlmRequest request) {
        Instant now = clock.instant();
        if (request.getCreatedAtMs() == null) {
            request.setCreatedAtMs(now);
        }
        Catalog models = catalog.get();
        Optional<RequestValidator.Problem> problem = RequestValidator.check(request, models);
        if (problem.isPresent()) {
            return end(request, ResultStatus.REJECTED, problem.get().code(), problem.get().message(), null, now);
        }
        if (request.getDeadlineMs() != null && !now.isBefore(request.getDeadlineMs())) {
            return end(request, ResultStatus.EXPIRED, ErrorCode.DEADLINE_EXCEEDED,
                    "deadline " + request.getDeadlineMs() + " passed before the request was routed", null, now);
        }
        Classification classification = new Classification(
                request.getTaskType() != null ? request.getTaskType() : DEFAULT_TASK_TYPE, Complexity.MODERATE);
        int inputTokens = TokenEstimator.inputTokens(request);
        Eligibility eligibility = Eligibility.of(request, inputTokens, models, options.defaultMaxOutputTokens());
        if (eligibility.models().isEmpty()) {
            return end(request, ResultStatus.REJECTED, eligibility.noneReason(models), eligibility.explain(), null, now);
        }
        ModelSelector.Ranking ranking = RequestValidator.isPinned(request)
                ? new ModelSelector.Ranking(eligibility.models(), "pinned by the request")
                : selector.rank(request, eligibility.models(), classification);
        ModelSpec target = ranking.models().getFirst();
        int maxOutput = eligibility.outputCap(target);
        long estimatedCost = target.price().costNanoUsd(inputTokens, 0, maxOutput);
        Routing routing = Routing.newBuilder()
                .setStrategy(request.getStrategy())
                .setTaskType(classification.taskType())
                .setComplexity(classification.complexity())
                .setReason(target.id() + ": " + ranking.reason())
                .setEstimatedCostNanoUsd(estimatedCost)
                .setFallbackChain(fallbackChain(request, ranking.models()))
                .build();
        if (request.getMaxCostNanoUsd() != null && estimatedCost > request.getMaxCostNanoUsd()) {
            return end(request, ResultStatus.REJECTED, ErrorCode.MAX_COST_EXCEEDED,
                    "worst-case cost " + estimatedCost + " nano-USD on " + target.id() + " exceeds maxCostNanoUsd "
                            + request.getMaxCostNanoUsd(), routing, now);
        }
        // The executor asks the provider for at most this many tokens, so the worst case is a real bound.
        request.setMaxOutputTokens(maxOutput);
        return new RoutingDecision.Dispatch(WorkItem.newBuilder()
                .setRequest(request)
                .setRouting(routing)
                .setProvider(target.provider())
                .setModel(target.id())
                .setAttempt(1)
                .setRoutedAtMs(now)
                .build());
    }

    private List<String> fallbackChain(LlmRequest request, List<ModelSpec> ranked) {
        if (!request.getAllowFallback()) {
            return List.of();
        }
        return ranked.stream().skip(1).limit(options.maxFallbacks()).map(ModelSpec::id).toList();
    }

    private static RoutingDecision end(LlmRequest request, ResultStatus status, ErrorCode code, String message,
                                       Routing routing, Instant now) {
        return new RoutingDecision.End(Results.withoutAttempt(request, status, code, message, routing, now));
    }
}
