package dev.switchyard.router.core;

import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.core.dedupe.SeenIds;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.router.budget.BudgetGate;
import dev.switchyard.router.fallback.FallbackDecider;
import dev.switchyard.router.routing.ModelOption;
import dev.switchyard.router.routing.RequestRouter;
import dev.switchyard.router.routing.RoutingDecision;
import dev.switchyard.router.strategy.OutcomeCounts;
import dev.switchyard.router.strategy.StoreSignals;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.ErrorInfo;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.internal.Settlement;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The router's stateful step, in one of two roles ({@link CoreRole}): the request core, on
 * partitions keyed by requestId, and the tenant core, on partitions keyed by tenant, so that a
 * tenant's budgets have exactly one writer however many router instances run. Per command:
 * <ul>
 *   <li>a request: drop it if its requestId was seen within the dedupe window; in the request
 *       core, hand it to the tenant core if one of its owners has a budget; route it; reserve its
 *       worst case (tenant core); dispatch it or end it;</li>
 *   <li>a failed attempt: hand it over likewise, or decide the fallback; a delayed retry waits in
 *       a store that a wall-clock punctuator drains, so the stream thread never blocks; the next
 *       attempt is reserved like a first one;</li>
 *   <li>a terminal result (tenant core): settle the request's reservation to its actual cost,
 *       and count its outcome for PREFERENCE.</li>
 * </ul>
 * Dispatches and ends are keyed by requestId, hand-overs by tenant; every ledger a reservation or
 * settlement changed is published too, keyed by owner, and every outcome count a settlement
 * changed, keyed as {@link OutcomeCounts} keys it.
 */
public final class RouterCore implements Processor<String, RouterCommand, String, RoutingDecision> {

    private static final Duration RETRY_CHECK_INTERVAL = Duration.ofMillis(50);

    private final RequestRouter router;
    private final FallbackDecider fallback;
    private final Duration dedupeWindow;
    private final CoreRole role;
    private final Topic<String, ModelStats> statsTopic;
    private ProcessorContext<String, RoutingDecision> context;
    private ReadOnlyKeyValueStore<String, BudgetPolicy> policies;
    private SeenIds seen;
    /** Null in the request core, which reserves nothing and is sent no settlements. */
    private BudgetGate budgets;
    /** Null in the request core likewise: it reads the counts the tenant core publishes. */
    private OutcomeCounts outcomeCounts;
    private DelayedAttempts delayed;
    /** The check for due retries, scheduled only while some wait; null when none do. */
    private Cancellable retryCheck;
    private StoreSignals signals;

    /** @param statsTopic {@code llm.model-stats}, whose records the global store holds as they came */
    public RouterCore(RequestRouter router, FallbackDecider fallback, Duration dedupeWindow, CoreRole role,
                      Topic<String, ModelStats> statsTopic) {
        this.router = router;
        this.fallback = fallback;
        this.dedupeWindow = dedupeWindow;
        this.role = role;
        this.statsTopic = statsTopic;
    }

    @Override
    public void init(ProcessorContext<String, RoutingDecision> context) {
        this.context = context;
        String prefix = role.storePrefix();
        this.seen = new SeenIds(context.getStateStore(prefix + RouterStores.SEEN_REQUESTS), dedupeWindow);
        this.policies = context.getStateStore(RouterStores.BUDGET_POLICIES);
        // Only the tenant core holds budgets; the request core hands budgeted work over instead.
        this.budgets = role.tenantWriter() ? new BudgetGate(policies, context.getStateStore(RouterStores.COUNTED_SPEND),
                context.getStateStore(prefix + RouterStores.BUDGET_LEDGERS), context.getStateStore(prefix + RouterStores.BUDGET_RESERVATIONS))
                : null;
        this.delayed = new DelayedAttempts(context.getStateStore(prefix + RouterStores.DELAYED_ATTEMPTS));
        // The tenant core ranks by its own count, the request core by the published one, a commit behind.
        KeyValueStore<String, ModelOutcomes> ownCounts = role.tenantWriter()
                ? context.getStateStore(prefix + RouterStores.MODEL_OUTCOMES) : null;
        this.outcomeCounts = ownCounts == null ? null : new OutcomeCounts(ownCounts);
        this.signals = new StoreSignals(context.getStateStore(RouterStores.MODEL_STATS), statsTopic,
                ownCounts != null ? ownCounts : context.getStateStore(RouterStores.OBSERVED_OUTCOMES),
                context.getStateStore(RouterStores.CANCELLED_BATCHES), context.getStateStore(RouterStores.JUDGED_ANSWERS),
                context::currentSystemTimeMs);
        // Set here as well, not only declared: a task revived after an error runs init again.
        this.retryCheck = delayed.isEmpty() ? null : scheduleRetryCheck();
    }

    @Override
    public void process(Record<String, RouterCommand> record) {
        RouterCommand command = record.value();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        if (command.getRequest() != null) {
            LlmRequest request = command.getRequest();
            if (!seen.firstTime(request.getRequestId(), record.timestamp())) {
                return;
            }
            if (command.getRejection() != null) {
                ErrorInfo rejection = command.getRejection();
                emit(Results.withoutAttempt(request, ResultStatus.REJECTED, ErrorCode.valueOf(rejection.getCode()),
                        rejection.getMessage(), null, now));
            } else if (needsTenantCore(request)) {
                emit(new RoutingDecision.Handoff(request.getTenantId(), command));
            } else {
                emit(route(router.decide(request, now, signals), true, now));
            }
        } else if (command.getFailedAttempt() != null) {
            AttemptFailed failed = command.getFailedAttempt();
            if (needsTenantCore(failed.getWork().getRequest())) {
                emit(new RoutingDecision.Handoff(failed.getWork().getRequest().getTenantId(), command));
                return;
            }
            switch (fallback.decide(failed, now)) {
                case FallbackDecider.Decision.End end -> emit(end.result());
                case FallbackDecider.Decision.Retry retry when retry.delay().isPositive() ->
                        waitForRetry(now.plus(retry.delay()), retry.next());
                case FallbackDecider.Decision.Retry retry ->
                        emit(route(new RoutingDecision.Dispatch(retry.next(), List.of(retry.option())), false, now));
            }
        } else if (command.getSettlement() != null) {
            Settlement settlement = command.getSettlement();
            budgets.settle(settlement.getRequestId(), settlement.getCostNanoUsd(), now);
            if (settlement.getModel() != null) {
                outcomeCounts.record(record.key(), settlement.getUserId(), settlement.getModel(), settlement.getSucceeded())
                        .forEach(counted -> emit(new RoutingDecision.OutcomesCounted(counted.key, counted.value)));
            }
        }
        publishChangedLedgers();
    }

    /** Each ledger a reservation or settlement changed, as it now stands, for the cost service's {@code llm.budgets}. */
    private void publishChangedLedgers() {
        if (budgets != null) {
            budgets.takeChangedLedgers().forEach(ledger -> emit(new RoutingDecision.LedgerChanged(ledger)));
        }
    }

    /**
     * In the request core: whether the tenant core must take this request, because one of its
     * owners has a budget (one writer reserves it). A policy set while a request is on its way
     * applies from the requests routed after it is seen.
     */
    private boolean needsTenantCore(LlmRequest request) {
        if (role.tenantWriter() || request.getTenantId().isBlank()) {
            return false; // a blank tenant is rejected here; it owns no budget
        }
        for (String owner : BudgetOwners.of(request.getTenantId(), request.getUserId())) {
            if (policies.get(owner) != null) {
                return true;
            }
        }
        return false;
    }

    /** Applies the cost cap and the budgets to a dispatch; the first attempt may be downgraded, a retry not. */
    private RoutingDecision route(RoutingDecision decision, boolean firstAttempt, Instant now) {
        if (!(decision instanceof RoutingDecision.Dispatch dispatch)) {
            return decision;
        }
        WorkItem work = dispatch.work();
        LlmRequest request = work.getRequest();
        long spentSoFar = work.getPreviousAttempts().stream().mapToLong(Attempt::getCostNanoUsd).sum();
        ModelOption option = dispatch.options().getFirst();
        if (request.getMaxCostNanoUsd() != null && spentSoFar + option.worstCaseNanoUsd() > request.getMaxCostNanoUsd()) {
            return end(work, firstAttempt, ErrorCode.MAX_COST_EXCEEDED, "worst-case cost " + option.worstCaseNanoUsd()
                    + " nano-USD on " + option.model().id() + (spentSoFar > 0 ? " after " + spentSoFar + " already spent" : "")
                    + " exceeds maxCostNanoUsd " + request.getMaxCostNanoUsd(), now);
        }
        if (!role.tenantWriter()) {
            return dispatch;
        }
        List<ModelOption> options = firstAttempt ? dispatch.options() : List.of(option);
        return switch (budgets.reserve(request.getRequestId(), request.getTenantId(), request.getUserId(), options, now)) {
            case BudgetGate.Verdict.Refused refused -> end(work, firstAttempt, ErrorCode.BUDGET_EXCEEDED, refused.reason(), now);
            case BudgetGate.Verdict.Reserved reserved when reserved.downgraded() -> new RoutingDecision.Dispatch(
                    downgrade(work, reserved.option(), now), List.of(reserved.option()));
            case BudgetGate.Verdict.Reserved reserved -> dispatch;
        };
    }

    private static WorkItem downgrade(WorkItem work, ModelOption cheaper, Instant now) {
        var routing = dev.switchyard.schema.Routing.newBuilder(work.getRouting())
                .setReason(cheaper.model().id() + ": downgraded from " + work.getModel() + " to fit the budget; "
                        + work.getRouting().getReason())
                .setEstimatedCostNanoUsd(cheaper.worstCaseNanoUsd())
                .setFallbackChain(work.getRouting().getFallbackChain().stream().filter(id -> !id.equals(cheaper.model().id())).toList())
                .build();
        return RequestRouter.workItem(work.getRequest(), routing, cheaper, work.getAttempt(), work.getPreviousAttempts(), now);
    }

    /** A first attempt that cannot go is REJECTED; a later one ends FAILED, listing the attempts made. */
    private static RoutingDecision end(WorkItem work, boolean firstAttempt, ErrorCode code, String message, Instant now) {
        LlmResult result = firstAttempt
                ? Results.withoutAttempt(work.getRequest(), ResultStatus.REJECTED, code, message, work.getRouting(), now)
                : Results.afterAttempts(work.getRequest(), ResultStatus.FAILED, work.getPreviousAttempts(), work.getRouting(), now);
        result.setError(new ErrorInfo(code.name(), message));
        return new RoutingDecision.End(result);
    }

    private void waitForRetry(Instant due, WorkItem next) {
        delayed.add(due, next);
        if (retryCheck == null) {
            retryCheck = scheduleRetryCheck();
        }
    }

    /**
     * Punctuates only while retries wait: Kafka Streams marks a task to commit after every
     * punctuation, so a check always scheduled would put every idle task in every commit.
     */
    private Cancellable scheduleRetryCheck() {
        return context.schedule(RETRY_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::dispatchDueRetries);
    }

    private void dispatchDueRetries(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (WorkItem next : delayed.takeDue(now)) {
            try {
                emit(route(new RoutingDecision.Dispatch(next, List.of(fallback.optionFor(next))), false, now));
            } catch (IllegalStateException modelGone) {
                emit(end(next, false, ErrorCode.ALL_ATTEMPTS_FAILED, modelGone.getMessage(), now));
            }
        }
        publishChangedLedgers();
        if (delayed.isEmpty()) {
            retryCheck.cancel();
            retryCheck = null;
        }
    }

    private void emit(LlmResult result) {
        emit(new RoutingDecision.End(result));
    }

    private void emit(RoutingDecision decision) {
        String key = switch (decision) {
            case RoutingDecision.Dispatch dispatch -> dispatch.work().getRequest().getRequestId();
            case RoutingDecision.End end -> end.result().getRequestId();
            case RoutingDecision.Handoff handoff -> handoff.tenantId();
            case RoutingDecision.LedgerChanged changed -> changed.ledger().getOwner();
            case RoutingDecision.OutcomesCounted counted -> counted.key();
        };
        context.forward(new Record<>(key, decision, context.currentSystemTimeMs()));
    }
}
