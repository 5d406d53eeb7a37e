package dev.switchyard.executor.work;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of each partition in the order they were consumed, with their outcomes once
 * computed. Outcomes are released strictly in that order: a record's outcome is written only
 * after every earlier record's, so the offset committed with them in one transaction covers
 * exactly what was written, and a crash redoes the rest and never writes anything twice. Calls
 * still run concurrently; only their writes wait. Used by the poll thread only.
 */
final class OffsetTracker {

    /** Outcomes released from one partition, and the offset to commit with them. */
    record Released(TopicPartition partition, List<ProducerRecord<byte[], byte[]>> records, OffsetAndMetadata commit) {
    }

    private static final class Pending {
        final long offset;
        List<ProducerRecord<byte[], byte[]>> outcome;

        Pending(long offset) {
            this.offset = offset;
        }
    }

    private final Map<TopicPartition, ArrayDeque<Pending>> partitions = new HashMap<>();
    private final Map<TopicPartition, Map<Long, Pending>> byOffset = new HashMap<>();
    private int held;

    void started(TopicPartition partition, long offset) {
        Pending pending = new Pending(offset);
        partitions.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(pending);
        byOffset.computeIfAbsent(partition, p -> new HashMap<>()).put(offset, pending);
        held++;
    }

    /** Ignores outcomes of partitions no longer tracked (revoked, or rewound after a failed commit). */
    void completed(TopicPartition partition, long offset, List<ProducerRecord<byte[], byte[]>> outcome) {
        Map<Long, Pending> pending = byOffset.get(partition);
        Pending entry = pending == null ? null : pending.get(offset);
        if (entry != null) {
            entry.outcome = outcome;
        }
    }

    /** Started and not yet released: running, or finished behind an earlier record. */
    int held() {
        return held;
    }

    /** Calls still running (no outcome yet) in these partitions. */
    int running(Collection<TopicPartition> of) {
        int count = 0;
        for (TopicPartition partition : of) {
            for (Pending pending : partitions.getOrDefault(partition, new ArrayDeque<>())) {
                count += pending.outcome == null ? 1 : 0;
            }
        }
        return count;
    }

    /** The outcomes at the head of each partition that have all their predecessors written. */
    List<Released> release(Collection<TopicPartition> of) {
        List<Released> released = new ArrayList<>();
        for (TopicPartition partition : of) {
            ArrayDeque<Pending> queue = partitions.get(partition);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            long next = -1;
            while (queue != null && !queue.isEmpty() && queue.peekFirst().outcome != null) {
                Pending head = queue.pollFirst();
                byOffset.get(partition).remove(head.offset);
                records.addAll(head.outcome);
                next = head.offset + 1;
                held--;
            }
            if (next >= 0) {
                released.add(new Released(partition, records, new OffsetAndMetadata(next)));
            }
        }
        return released;
    }

    void forget(Collection<TopicPartition> partitionsToForget) {
        for (TopicPartition partition : partitionsToForget) {
            ArrayDeque<Pending> queue = partitions.remove(partition);
            byOffset.remove(partition);
            if (queue != null) {
                held -= queue.size();
            }
        }
    }

    Collection<TopicPartition> tracked() {
        return List.copyOf(partitions.keySet());
    }
}
