package dev.switchyard.executor.work;

import java.time.Duration;

/**
 * How one provider's worker paces itself.
 *
 * @param maxInFlight    calls running at once for this provider. Calls are virtual threads
 *                       waiting on HTTP, so thousands are cheap; the bound keeps memory and the
 *                       provider's load finite. At the bound the consumer pauses its partitions.
 * @param commitInterval how often the transaction of written outcomes and their offsets commits.
 *                       Outcomes become visible to read_committed readers at the commit, so this
 *                       is latency every request pays; 100 ms matches the Streams services'.
 *                       A crash redoes at most this much work, without writing it twice.
 * @param shutdownGrace  how long a graceful shutdown waits for calls in flight before handing
 *                       their records back uncommitted, for another instance to redo.
 */
public record WorkerOptions(int maxInFlight, Duration commitInterval, Duration shutdownGrace) {
}
