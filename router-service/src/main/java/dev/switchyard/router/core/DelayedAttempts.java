package dev.switchyard.router.core;

import dev.switchyard.schema.internal.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Retries waiting out their backoff, in a task's store, taken when they come due.
 * <p>
 * While retries wait, a wall-clock punctuator asks for due ones every 50 ms, and most checks find
 * none. So the earliest due time is kept in memory, and a check before it reads no store rather
 * than opening a range scan; it is read back from the store when a task starts, after its
 * restore. (The router's latency and throughput did not measurably change with it alone,
 * BENCHMARKS.md: the scans were cheap next to the rest.) Scans start at the earliest due time,
 * not at the store's first key: the retries taken before leave tombstones there.
 */
final class DelayedAttempts {

    private final KeyValueStore<String, WorkItem> store;
    private long earliestDueMs;

    DelayedAttempts(KeyValueStore<String, WorkItem> store) {
        this.store = store;
        this.earliestDueMs = readEarliestDue(null);
    }

    void add(Instant due, WorkItem work) {
        store.put(DelayKey.of(due, work.getRequest().getRequestId()), work);
        earliestDueMs = Math.min(earliestDueMs, due.toEpochMilli());
    }

    boolean isEmpty() {
        return earliestDueMs == Long.MAX_VALUE;
    }

    /** The retries due at {@code now}, earliest first, removed from the store. */
    List<WorkItem> takeDue(Instant now) {
        if (now.toEpochMilli() < earliestDueMs) {
            return List.of();
        }
        List<KeyValue<String, WorkItem>> due = new ArrayList<>();
        try (KeyValueIterator<String, WorkItem> it = store.range(DelayKey.from(earliestDueMs), DelayKey.upTo(now))) {
            it.forEachRemaining(due::add);
        }
        due.forEach(entry -> store.delete(entry.key));
        earliestDueMs = readEarliestDue(DelayKey.upTo(now));
        return due.stream().map(entry -> entry.value).toList();
    }

    /**
     * @param from where the scan starts: past the retries just taken, whose deletions RocksDB
     *             keeps as tombstones until it compacts, so that a scan does not walk them all;
     *             null for the whole store
     */
    private long readEarliestDue(String from) {
        try (KeyValueIterator<String, WorkItem> it = store.range(from, null)) {
            return it.hasNext() ? DelayKey.dueMs(it.next().key) : Long.MAX_VALUE;
        }
    }

    /** Keys of delayed attempts sort by due time: {@code <13-digit epoch ms>|<requestId>}. */
    static final class DelayKey {
        private DelayKey() {
        }

        /** The first key a retry due at or after {@code dueMs} can have. */
        static String from(long dueMs) {
            return String.format("%013d|", dueMs);
        }

        static String of(Instant due, String requestId) {
            return from(due.toEpochMilli()) + requestId;
        }

        static String upTo(Instant now) {
            return from(now.toEpochMilli()) + '\uffff';
        }

        static long dueMs(String key) {
            return Long.parseLong(key, 0, key.indexOf('|'), 10);
        }
    }
}
