package dev.switchyard.executor.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("llm.work.openai", 0);
    private static final TopicPartition P1 = new TopicPartition("llm.work.openai", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsOnlyPastRecordsWhoseEveryPredecessorIsDone() {
        for (long offset = 10; offset < 15; offset++) {
            tracker.started(P0, offset);
        }
        tracker.completed(P0, 11);
        tracker.completed(P0, 12);
        assertThat(tracker.takeCommittable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));

        tracker.completed(P0, 10);
        assertThat(tracker.takeCommittable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
        assertThat(tracker.takeCommittable()).as("nothing moved since").isEmpty();

        tracker.completed(P0, 14);
        tracker.completed(P0, 13);
        assertThat(tracker.takeCommittable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(15)));
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void partitionsAreIndependentAndRevokedOnesAreForgotten() {
        tracker.started(P0, 0);
        tracker.started(P1, 0);
        tracker.completed(P1, 0);
        assertThat(tracker.takeCommittable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(1)));
        assertThat(tracker.inFlight(List.of(P0))).isEqualTo(1);

        tracker.forget(List.of(P0));
        tracker.completed(P0, 0); // a call that finished after its partition was revoked
        assertThat(tracker.inFlight()).isZero();
        assertThat(tracker.takeCommittable()).isEmpty();
    }
}
