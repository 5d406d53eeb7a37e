package dev.switchyard.executor.adapter;

import java.time.Duration;

/**
 * HTTP behaviour shared by every adapter.
 *
 * @param callTimeout        a whole call, streamed or not; past it the attempt is a timeout. It is
 *                           the only timeout: OkHttp's call timeout covers connecting, writing and
 *                           reading, while read and write timeouts would also enter every socket
 *                           read and write into okio's watchdog (a lock, and a heap of every
 *                           waiting socket: ten thousand with the executor's room full).
 * @param stream             ask providers to stream answers (SSE). Usage then comes from the
 *                           stream's final event, and a stream without its end marker fails.
 * @param maxIdleConnections connections kept open per provider, over all its shards. OkHttp keeps
 *                           5 by default, which makes thousands of concurrent calls reconnect constantly.
 * @param clientShards       SDK clients per provider, each with its own connection pool: see
 *                           {@link ClientShards}. One per 512 calls in flight keeps pools small.
 */
public record AdapterOptions(Duration callTimeout, boolean stream, int maxIdleConnections, int clientShards) {

    /** Calls in flight per shard that keep OkHttp's pool scan cheap. */
    public static final int CALLS_PER_SHARD = 512;

    int idleConnectionsPerShard() {
        return Math.max(5, maxIdleConnections / Math.max(1, clientShards));
    }
}
