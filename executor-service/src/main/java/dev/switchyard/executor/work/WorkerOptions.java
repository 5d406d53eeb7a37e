package dev.switchyard.executor.work;

import java.time.Duration;

/**
 * How one provider's worker paces itself.
 *
 * @param maxInFlight    calls running at once for this provider. Calls are virtual threads
 *                       waiting on HTTP, so thousands are cheap; the bound keeps memory and the
 *                       provider's load finite. At the bound the consumer pauses its partitions.
 * @param maxHeld        records taken from Kafka whose outcome is not yet written: the running
 *                       calls, and finished ones waiting for an earlier record of their partition
 *                       (outcomes are written in offset order, so that the committed offset covers
 *                       exactly what was written). A finished call holds only its outcome's bytes,
 *                       so this can be a few times {@code maxInFlight}; were it the same, the slowest
 *                       call of each partition would hold back the room of every call behind it, and
 *                       with answer times spread over 1-3 s the executor ran a third of its bound.
 *                       At the bound the consumer pauses too: one hung call cannot make memory grow.
 * @param commitInterval the least time between two commits of the transaction of written
 *                       outcomes and their offsets. Outcomes become visible to read_committed
 *                       readers only at a commit, so this is latency a request may pay: a call
 *                       that finishes wakes the worker, and its outcome commits as soon as this
 *                       much has passed since the last commit, or four times what that commit
 *                       took on a busy broker (group commit, at most 100 ms). 10 ms took the
 *                       result's wait at 50 requests/s from a p50 of 106 ms (at a fixed 100 ms) to
 *                       7 ms (BENCHMARKS.md). A crash redoes at most the uncommitted work, without
 *                       writing it twice.
 * @param shutdownGrace  how long a graceful shutdown waits for calls in flight before handing
 *                       their records back uncommitted, for another instance to redo.
 */
public record WorkerOptions(int maxInFlight, int maxHeld, Duration commitInterval, Duration shutdownGrace) {

    public WorkerOptions {
        if (maxHeld < maxInFlight) {
            throw new IllegalArgumentException("max-held (" + maxHeld + ") must be at least max-in-flight (" + maxInFlight + ")");
        }
    }

    /**
     * Records one poll may return: a quarter of the call bound (at most 500, the consumer's
     * default), so polling resumes while three quarters of the calls still run, rather than in
     * waves that wait for every call to end.
     */
    int pollSize() {
        return Math.max(1, Math.min(500, maxInFlight / 4));
    }

    /**
     * Whether a full poll still fits under both bounds. Finished calls waiting behind an earlier
     * record count against {@link #maxHeld} only: they no longer take a call's room.
     */
    boolean roomForAPoll(int running, int held) {
        return maxInFlight - running >= pollSize() && maxHeld - held >= pollSize();
    }
}
