package dev.switchyard.cost.query;

import dev.switchyard.schema.BatchStatus;

/** A batch's status as the API shows it: docs/CONTRACT.md's {@code BatchStatus}, with the cost in USD. */
public record BatchRow(String batchId, String tenantId, int total, int succeeded, int failed, int rejected, int expired,
                       int pending, long costNanoUsd, String costUsd, String state, long firstCreatedAtMs,
                       Long completedAtMs, long updatedAtMs) {

    public static BatchRow of(BatchStatus status) {
        return new BatchRow(status.getBatchId(), status.getTenantId(), status.getTotal(), status.getSucceeded(),
                status.getFailed(), status.getRejected(), status.getExpired(), status.getPending(), status.getCostNanoUsd(),
                CostRow.usd(status.getCostNanoUsd()), status.getState().name(), status.getFirstCreatedAtMs().toEpochMilli(),
                status.getCompletedAtMs() == null ? null : status.getCompletedAtMs().toEpochMilli(),
                status.getUpdatedAtMs().toEpochMilli());
    }
}
