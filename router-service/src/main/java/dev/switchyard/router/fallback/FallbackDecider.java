package dev.switchyard.router.fallback;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.router.routing.ModelOption;
import dev.switchyard.router.routing.RequestRouter;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What happens after a failed attempt: retry the same model after a backoff that honours
 * Retry-After, move to the next model of the request's fallback chain (a context-length error
 * jumps to a model with a larger window), or end the request FAILED with every attempt listed.
 */
public final class FallbackDecider {

    private final Supplier<Catalog> catalog;
    private final FallbackOptions options;
    private final int defaultMaxOutputTokens;

    public FallbackDecider(Supplier<Catalog> catalog, FallbackOptions options, int defaultMaxOutputTokens) {
        this.catalog = catalog;
        this.options = options;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    /** The next attempt, due after {@code delay}; or the end of the request. */
    public sealed interface Decision {
        record Retry(WorkItem next, ModelOption option, Duration delay) implements Decision {
        }

        record End(dev.switchyard.schema.LlmResult result) implements Decision {
        }
    }

    public Decision decide(AttemptFailed failed, Instant now) {
        WorkItem work = failed.getWork();
        LlmRequest request = work.getRequest();
        List<Attempt> attempts = work.getPreviousAttempts();
        AttemptOutcome outcome = outcome(failed.getOutcome());
        String what = attempts.size() + " attempt" + (attempts.size() == 1 ? "" : "s") + ", the last " + failed.getOutcome()
                + " from " + work.getModel() + ": " + failed.getMessage();
        if (attempts.size() >= options.maxAttempts()) {
            return fail(work, ErrorCode.ALL_ATTEMPTS_FAILED, what + " (at most " + options.maxAttempts() + " attempts)", now);
        }
        Catalog models = catalog.get();
        Optional<ModelSpec> current = models.model(work.getModel());
        int sameModelFailures = (int) attempts.stream().filter(a -> a.getModel().equals(work.getModel())).count();
        if (transientFailure(outcome) && sameModelFailures <= options.retriesPerModel() && current.isPresent()) {
            return retry(work, current.get(), backoff(failed.getRetryAfterMs(), sameModelFailures), attempts, now);
        }
        Optional<ModelSpec> next = request.getAllowFallback() ? nextModel(work, outcome, current, models) : Optional.empty();
        if (next.isEmpty()) {
            String why = request.getAllowFallback() ? "no further model in the fallback chain" : "fallback is off for this request";
            return fail(work, ErrorCode.ALL_ATTEMPTS_FAILED, what + "; " + why, now);
        }
        return retry(work, next.get(), Duration.ZERO, attempts, now);
    }

    /** The option of a work item's own model, for a retry that waited and is now reserved. */
    public ModelOption optionFor(WorkItem work) {
        ModelSpec model = catalog.get().model(work.getModel())
                .orElseThrow(() -> new IllegalStateException("model " + work.getModel() + " left the catalog"));
        return ModelOption.of(model, work.getRequest(), defaultMaxOutputTokens);
    }

    private Decision retry(WorkItem work, ModelSpec model, Duration delay, List<Attempt> attempts, Instant now) {
        ModelOption option = ModelOption.of(model, work.getRequest(), defaultMaxOutputTokens);
        WorkItem next = RequestRouter.workItem(work.getRequest(), work.getRouting(), option, attempts.size() + 1, attempts, now);
        return new Decision.Retry(next, option, delay);
    }

    private static Decision fail(WorkItem work, ErrorCode code, String message, Instant now) {
        var result = Results.afterAttempts(work.getRequest(), ResultStatus.FAILED, work.getPreviousAttempts(), work.getRouting(), now);
        result.setError(new dev.switchyard.schema.ErrorInfo(code.name(), message));
        return new Decision.End(result);
    }

    /** The next untried model of the chain; after a context-length error, only one with a larger window. */
    private static Optional<ModelSpec> nextModel(WorkItem work, AttemptOutcome outcome, Optional<ModelSpec> current, Catalog models) {
        List<String> tried = work.getPreviousAttempts().stream().map(Attempt::getModel).toList();
        int currentWindow = current.map(ModelSpec::contextWindow).orElse(0);
        return work.getRouting().getFallbackChain().stream()
                .filter(id -> !tried.contains(id))
                .map(models::model)
                .flatMap(Optional::stream)
                .filter(model -> outcome != AttemptOutcome.CONTEXT_LENGTH || model.contextWindow() > currentWindow)
                .findFirst();
    }

    private static boolean transientFailure(AttemptOutcome outcome) {
        return outcome == AttemptOutcome.RATE_LIMITED || outcome == AttemptOutcome.TIMEOUT || outcome == AttemptOutcome.SERVER_ERROR;
    }

    /** The provider's Retry-After when given, else the doubling backoff; never more than {@code maxBackoff}. */
    private Duration backoff(Long retryAfterMs, int failuresSoFar) {
        Duration wanted = retryAfterMs != null && retryAfterMs >= 0
                ? Duration.ofMillis(retryAfterMs)
                : options.initialBackoff().multipliedBy(1L << Math.min(20, failuresSoFar - 1));
        return wanted.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : wanted;
    }

    private static AttemptOutcome outcome(String wireName) {
        try {
            return AttemptOutcome.valueOf(wireName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return AttemptOutcome.SERVER_ERROR;
        }
    }
}
