package dev.switchyard.executor.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("llm.work.openai", 0);
    private static final TopicPartition P1 = new TopicPartition("llm.work.openai", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    private static List<ProducerRecord<byte[], byte[]>> outcome(String name) {
        return List.of(new ProducerRecord<>("llm.results", name.getBytes(), name.getBytes()));
    }

    private static List<String> written(List<OffsetTracker.Released> released) {
        return released.stream().flatMap(r -> r.records().stream()).map(r -> new String(r.key())).toList();
    }

    @Test
    void releasesOutcomesInConsumptionOrderWithTheOffsetThatCoversThem() {
        // 12 is missing: a transaction marker of the router's, which a consumer never sees.
        for (long offset : new long[] {10, 11, 13, 14}) {
            tracker.started(P0, offset);
        }
        tracker.completed(P0, 13, outcome("13"));
        tracker.completed(P0, 11, outcome("11"));
        assertThat(tracker.release(List.of(P0))).as("10 is still running").isEmpty();

        tracker.completed(P0, 10, outcome("10"));
        List<OffsetTracker.Released> released = tracker.release(List.of(P0));
        assertThat(written(released)).containsExactly("10", "11", "13");
        assertThat(released.getFirst().commit()).isEqualTo(new OffsetAndMetadata(14));
        assertThat(tracker.held()).isEqualTo(1);
        assertThat(tracker.running(List.of(P0))).isEqualTo(1);

        tracker.completed(P0, 14, outcome("14"));
        assertThat(tracker.release(List.of(P0)).getFirst().commit()).isEqualTo(new OffsetAndMetadata(15));
        assertThat(tracker.held()).isZero();
    }

    @Test
    void partitionsAreIndependentAndForgottenOnesReleaseNothing() {
        tracker.started(P0, 0);
        tracker.started(P1, 0);
        tracker.completed(P1, 0, outcome("p1"));
        assertThat(written(tracker.release(List.of(P0, P1)))).containsExactly("p1");

        tracker.forget(List.of(P0));
        tracker.completed(P0, 0, outcome("late")); // finished after its partition was revoked
        assertThat(tracker.release(List.of(P0))).isEmpty();
        assertThat(tracker.held()).isZero();
    }
}
