package dev.switchyard.executor.work;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition are still in flight. A partition's committable offset is its
 * lowest in-flight offset, or one past the highest started offset when none is in flight: so an
 * offset is committed only once every earlier record of its partition has its outcome written,
 * and a crash redelivers rather than loses. Used by the poll thread only.
 */
final class OffsetTracker {

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private int inFlight;

    void started(TopicPartition partition, long offset) {
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
        state.pending.add(offset);
        state.next = Math.max(state.next, offset + 1);
        inFlight++;
    }

    /** Ignores offsets of partitions no longer tracked (revoked while the call ran). */
    void completed(TopicPartition partition, long offset) {
        PartitionState state = partitions.get(partition);
        if (state != null && state.pending.remove(offset)) {
            inFlight--;
        }
    }

    int inFlight() {
        return inFlight;
    }

    int inFlight(Collection<TopicPartition> of) {
        int count = 0;
        for (TopicPartition partition : of) {
            PartitionState state = partitions.get(partition);
            count += state == null ? 0 : state.pending.size();
        }
        return count;
    }

    /** Offsets that moved since the last call, to commit now. */
    Map<TopicPartition, OffsetAndMetadata> takeCommittable(Collection<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : of) {
            PartitionState state = partitions.get(partition);
            if (state == null) {
                continue;
            }
            long committable = state.pending.isEmpty() ? state.next : state.pending.first();
            if (committable > state.committed) {
                offsets.put(partition, new OffsetAndMetadata(committable));
                state.committed = committable;
            }
        }
        return offsets;
    }

    Map<TopicPartition, OffsetAndMetadata> takeCommittable() {
        return takeCommittable(partitions.keySet());
    }

    void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionState state = partitions.remove(partition);
            if (state != null) {
                inFlight -= state.pending.size();
            }
        }
    }

    private static final class PartitionState {
        final TreeSet<Long> pending = new TreeSet<>();
        long next = -1;
        long committed = -1;
    }
}
