package dev.switchyard.executor.adapter;

import java.time.Duration;

/**
 * HTTP behaviour shared by every adapter.
 *
 * @param callTimeout        a whole call, streamed or not; past it the attempt is a timeout
 * @param stream             ask providers to stream answers (SSE). Usage then comes from the
 *                           stream's final event, and a stream without its end marker fails.
 * @param maxIdleConnections connections kept open per provider. OkHttp keeps 5 by default,
 *                           which makes thousands of concurrent calls reconnect constantly.
 */
public record AdapterOptions(Duration callTimeout, boolean stream, int maxIdleConnections) {
}
