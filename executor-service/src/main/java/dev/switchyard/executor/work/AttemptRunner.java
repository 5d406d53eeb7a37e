package dev.switchyard.executor.work;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelPrice;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.executor.adapter.Completion;
import dev.switchyard.executor.adapter.CompletionCall;
import dev.switchyard.executor.adapter.ProviderAdapter;
import dev.switchyard.executor.adapter.ProviderCallException;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import dev.switchyard.executor.health.ModelHealth;
import dev.switchyard.executor.health.ModelHealthRegistry;
import dev.switchyard.executor.health.ProviderLimits;
import dev.switchyard.executor.metrics.ExecutorMetrics;
import dev.switchyard.core.tokens.TokenEstimator;
import java.time.Clock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a work item and turns its outcome into the records to write: the result
 * of a success, the failure report of a failed attempt (for the router's fallback decision), and
 * a usage event for every billed attempt. Blocking; runs on a virtual thread.
 */
final class AttemptRunner {

    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);
    /**
     * Calls to a rate-limited model wait out a pause this short on their virtual thread; a longer
     * one fails the attempt at once as rate_limited, so that the router may move the request on.
     */
    private static final Duration MAX_PAUSE_WAIT = Duration.ofSeconds(5);
    /** When our own share of a provider's limit is used up, the next second's share is the soonest chance. */
    private static final Duration LOCAL_LIMIT_RETRY = Duration.ofSeconds(1);

    private final Supplier<Catalog> catalog;
    private final Topics topics;
    private final Clock clock;
    private final ModelHealthRegistry health;
    private final ProviderLimits limits;
    private final ExecutorMetrics metrics;
    private final Predicate<String> batchCancelled;

    AttemptRunner(Supplier<Catalog> catalog, Topics topics, Clock clock, ModelHealthRegistry health, ProviderLimits limits,
                  ExecutorMetrics metrics, Predicate<String> batchCancelled) {
        this.batchCancelled = batchCancelled;
        this.catalog = catalog;
        this.topics = topics;
        this.clock = clock;
        this.health = health;
        this.limits = limits;
        this.metrics = metrics;
    }

    List<ProducerRecord<byte[], byte[]>> run(WorkItem item, ProviderAdapter adapter) {
        LlmRequest request = item.getRequest();
        Instant started = clock.instant();
        if (request.getDeadlineMs() != null && !started.isBefore(request.getDeadlineMs())) {
            LlmResult expired = Results.withoutAttempt(request, ResultStatus.EXPIRED, ErrorCode.DEADLINE_EXCEEDED,
                    "deadline passed before attempt " + item.getAttempt() + " could start", item.getRouting(), started);
            expired.setAttempts(item.getPreviousAttempts());
            return List.of(result(expired));
        }
        if (request.getBatchId() != null && batchCancelled.test(request.getBatchId())) {
            LlmResult cancelled = Results.withoutAttempt(request, ResultStatus.REJECTED, ErrorCode.BATCH_CANCELLED,
                    "batch " + request.getBatchId() + " was cancelled before attempt " + item.getAttempt() + " started",
                    item.getRouting(), started);
            cancelled.setAttempts(item.getPreviousAttempts());
            return List.of(result(cancelled));
        }
        CompletionCall call = CompletionCall.of(item.getModel(), request);
        Completion completion = null;
        ProviderCallException failure = null;
        ModelHealth model = health.of(item.getModel(), item.getProvider());
        Duration pause = model.pauseRemaining(System.nanoTime());
        if (pause.compareTo(MAX_PAUSE_WAIT) > 0) {
            failure = new ProviderCallException(AttemptOutcome.RATE_LIMITED, item.getModel() + " is paused by a rate limit for "
                    + pause.toSeconds() + " s", pause, null);
        } else if (!pause.isZero() && !awaitPause(item.getModel(), pause)) {
            failure = new ProviderCallException(AttemptOutcome.TIMEOUT, "interrupted while " + item.getModel() + " was paused");
        } else if (!limits.acquire(catalog.get().model(item.getModel()).orElse(null),
                TokenEstimator.inputTokens(request) + request.getMaxOutputTokens())) {
            metrics.localLimitRefused(item.getProvider());
            failure = new ProviderCallException(AttemptOutcome.RATE_LIMITED, "this executor's share of " + item.getProvider()
                    + "'s requests or tokens per minute is used up", LOCAL_LIMIT_RETRY, null);
        } else if (!limits.enter(item.getModel())) {
            metrics.localLimitRefused(item.getProvider());
            failure = new ProviderCallException(AttemptOutcome.RATE_LIMITED, item.getModel()
                    + " has as many calls in flight on this executor as it may", LOCAL_LIMIT_RETRY, null);
        } else if (!model.permit()) {
            limits.exit(item.getModel());
            failure = new ProviderCallException(AttemptOutcome.CIRCUIT_OPEN, "the circuit of " + item.getModel() + " is open");
        } else {
            try {
                completion = adapter.complete(call);
            } catch (ProviderCallException e) {
                failure = e;
                completion = e.billedUsage();
            } catch (RuntimeException e) {
                // An adapter bug must not lose the request: it ends like any other server-side failure.
                log.error("adapter for {} failed unexpectedly on request {}", item.getProvider(), request.getRequestId(), e);
                failure = new ProviderCallException(AttemptOutcome.SERVER_ERROR, "adapter error: " + e);
            } finally {
                limits.exit(item.getModel());
            }
            Duration latency = Duration.between(started, clock.instant());
            AttemptOutcome outcome = failure == null ? AttemptOutcome.OK : failure.outcome();
            model.record(outcome, latency);
            metrics.call(item.getProvider(), item.getModel(), outcome, latency);
            if (failure != null && failure.outcome() == AttemptOutcome.RATE_LIMITED && failure.retryAfter() != null) {
                model.pauseFor(failure.retryAfter(), System.nanoTime());
            }
        }
        Instant finished = clock.instant();
        Attempt attempt = attempt(item, completion, failure == null ? AttemptOutcome.OK : failure.outcome(), started, finished);
        List<Attempt> attempts = new ArrayList<>(item.getPreviousAttempts());
        attempts.add(attempt);

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(2);
        if (completion != null && completion.billed()) {
            records.add(usage(item, attempt, finished));
            metrics.billed(item.getProvider(), item.getModel(), attempt.getCostNanoUsd(), attempt.getInputTokens(),
                    attempt.getOutputTokens());
        }
        if (failure == null) {
            LlmResult result = Results.afterAttempts(request, ResultStatus.SUCCEEDED, attempts, item.getRouting(), finished);
            result.setContent(completion.content());
            result.setToolCalls(completion.toolCalls());
            result.setFinishReason(completion.finishReason());
            result.setProvider(item.getProvider());
            result.setModel(item.getModel());
            records.add(result(result));
        } else {
            // Retry, fallback or failure is the router's decision: it holds the budgets and the chain.
            records.add(failed(item, attempts, failure, finished));
        }
        return records;
    }

    /** Waits out a model's rate-limit pause on this virtual thread; false when interrupted. */
    private boolean awaitPause(String model, Duration pause) {
        try {
            Thread.sleep(pause);
            metrics.pauseWaited(model, pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Attempt attempt(WorkItem item, Completion completion, AttemptOutcome outcome, Instant started, Instant finished) {
        int input = completion == null ? 0 : completion.inputTokens();
        int cached = completion == null ? 0 : completion.cachedInputTokens();
        int written = completion == null ? 0 : completion.cacheWriteInputTokens();
        int output = completion == null ? 0 : completion.outputTokens();
        ModelPrice price = catalog.get().model(item.getModel())
                .orElseThrow(() -> new IllegalStateException("model " + item.getModel() + " left the catalog"))
                .price();
        return Attempt.newBuilder()
                .setProvider(item.getProvider())
                .setModel(item.getModel())
                .setOutcome(outcome.wireName())
                .setLatencyMs(finished.toEpochMilli() - started.toEpochMilli())
                .setInputTokens(input)
                .setCachedInputTokens(cached)
                .setCacheWriteInputTokens(written)
                .setOutputTokens(output)
                .setCostNanoUsd(price.costNanoUsd(input, cached, output, written))
                .setStartedAtMs(started)
                .build();
    }

    private ProducerRecord<byte[], byte[]> usage(WorkItem item, Attempt attempt, Instant at) {
        LlmRequest request = item.getRequest();
        // Our own requestId and attempt number, never the provider's response id, which may be
        // null or reused, so that usage records never collide or go missing.
        String usageId = request.getRequestId() + "#" + item.getAttempt();
        UsageEvent usage = UsageEvent.newBuilder()
                .setUsageId(usageId)
                .setRequestId(request.getRequestId())
                .setAttempt(item.getAttempt())
                .setTenantId(request.getTenantId())
                .setUserId(request.getUserId())
                .setBatchId(request.getBatchId())
                .setProvider(attempt.getProvider())
                .setModel(attempt.getModel())
                .setInputTokens(attempt.getInputTokens())
                .setCachedInputTokens(attempt.getCachedInputTokens())
                .setCacheWriteInputTokens(attempt.getCacheWriteInputTokens())
                .setOutputTokens(attempt.getOutputTokens())
                .setCostNanoUsd(attempt.getCostNanoUsd())
                .setAtMs(at)
                .build();
        String topic = topics.usage.name();
        return new ProducerRecord<>(topic, topics.usage.keySerde().serializer().serialize(topic, usageId),
                topics.usage.valueSerde().serializer().serialize(topic, usage));
    }

    private ProducerRecord<byte[], byte[]> failed(WorkItem item, List<Attempt> attempts, ProviderCallException failure, Instant at) {
        WorkItem reported = WorkItem.newBuilder(item).setPreviousAttempts(attempts).build();
        AttemptFailed event = AttemptFailed.newBuilder()
                .setWork(reported)
                .setOutcome(failure.outcome().wireName())
                .setMessage(failure.getMessage())
                .setRetryAfterMs(failure.retryAfter() == null ? null : failure.retryAfter().toMillis())
                .setFailedAtMs(at)
                .build();
        String topic = topics.failedAttempts.name();
        return new ProducerRecord<>(topic, topics.failedAttempts.keySerde().serializer().serialize(topic, item.getRequest().getRequestId()),
                topics.failedAttempts.valueSerde().serializer().serialize(topic, event));
    }

    private ProducerRecord<byte[], byte[]> result(LlmResult result) {
        String topic = topics.results.name();
        return new ProducerRecord<>(topic, null,
                topics.results.keySerde().serializer().serialize(topic, result.getRequestId()),
                topics.results.valueSerde().serializer().serialize(topic, result),
                Results.headers(result));
    }
}
