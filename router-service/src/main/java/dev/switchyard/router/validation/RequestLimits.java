package dev.switchyard.router.validation;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How large a request may be. A request over a limit is REJECTED with {@code REQUEST_TOO_LARGE}
 * before any routing, so one producer's mistake never costs a provider call, a task's memory or
 * a partition's progress.
 *
 * @param maxRequestBytes    the record's value as produced. 8 MiB holds a prompt that fills the
 *                           catalog's largest context window (a million tokens is about 4 MB of
 *                           text); the broker's {@code max.message.bytes} (1 MB by default) is
 *                           usually the tighter bound, and the router's producer and internal
 *                           topics are set to carry what this lets in
 * @param maxMessages        messages of one conversation. 1,000 is far beyond a chat's turns yet
 *                           bounds the per-message work of classification and token counting
 * @param maxMetadataEntries metadata entries, copied into every work item and result. 64 is room
 *                           for tracing and pipeline ids, not for a payload
 * @param maxMetadataBytes   all metadata keys and values together, in UTF-8: 16 KiB
 */
public record RequestLimits(
        @DefaultValue("8388608") int maxRequestBytes,
        @DefaultValue("1000") int maxMessages,
        @DefaultValue("64") int maxMetadataEntries,
        @DefaultValue("16384") int maxMetadataBytes) {

    public static RequestLimits defaults() {
        return new RequestLimits(8 << 20, 1000, 64, 16 << 10);
    }
}
