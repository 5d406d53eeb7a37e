package dev.switchyard.cost.batch;

import dev.switchyard.schema.BatchState;
import dev.switchyard.schema.BatchStatus;
import dev.switchyard.schema.LlmResult;
import java.time.Instant;

/**
 * A batch's status as its requests' terminal results arrive (each once: results are
 * deduplicated per requestId upstream). The batch is COMPLETED by the result that brings the
 * count of terminal results to its {@code batchSize}, and never again: later results still
 * count, but the state and completion time stay as they were. Times come from the results, not
 * the clock, so a replay after a crash computes the same status.
 */
public final class Batches {

    private Batches() {
    }

    public static BatchStatus add(BatchStatus current, LlmResult result) {
        BatchStatus.Builder next = current == null ? started(result) : BatchStatus.newBuilder(current);
        switch (result.getStatus()) {
            case SUCCEEDED -> next.setSucceeded(next.getSucceeded() + 1);
            case FAILED -> next.setFailed(next.getFailed() + 1);
            case REJECTED -> next.setRejected(next.getRejected() + 1);
            case EXPIRED -> next.setExpired(next.getExpired() + 1);
        }
        int size = result.getBatchSize() == null ? 0 : result.getBatchSize();
        int total = Math.max(next.getTotal(), size);
        int done = next.getSucceeded() + next.getFailed() + next.getRejected() + next.getExpired();
        Instant completedAt = result.getCompletedAtMs();
        next.setTotal(total)
                .setPending(Math.max(total - done, 0))
                .setCostNanoUsd(Math.addExact(next.getCostNanoUsd(), result.getCostNanoUsd()))
                .setFirstCreatedAtMs(earliest(next.getFirstCreatedAtMs(), result.getCreatedAtMs()))
                .setUpdatedAtMs(latest(next.getUpdatedAtMs(), completedAt));
        if (next.getState() == BatchState.IN_PROGRESS && total > 0 && done >= total) {
            next.setState(BatchState.COMPLETED).setCompletedAtMs(next.getUpdatedAtMs());
        }
        return next.build();
    }

    private static BatchStatus.Builder started(LlmResult result) {
        return BatchStatus.newBuilder()
                .setBatchId(result.getBatchId())
                .setTenantId(result.getTenantId())
                .setTotal(0).setSucceeded(0).setFailed(0).setRejected(0).setExpired(0).setPending(0)
                .setCostNanoUsd(0)
                .setState(BatchState.IN_PROGRESS)
                .setFirstCreatedAtMs(result.getCreatedAtMs())
                .setUpdatedAtMs(result.getCompletedAtMs());
    }

    private static Instant earliest(Instant a, Instant b) {
        return b != null && b.isBefore(a) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
