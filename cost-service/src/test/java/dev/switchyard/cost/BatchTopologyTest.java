package dev.switchyard.cost;

import static dev.switchyard.core.testing.TopologyTopics.output;
import static dev.switchyard.cost.CostDriver.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.BatchState;
import dev.switchyard.schema.BatchStatus;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    private CostDriver cost;
    private TestOutputTopic<String, BatchStatus> batches;

    @BeforeEach
    void buildTopology() {
        cost = new CostDriver(CostOptions.defaults().unbuffered(), T0);
        batches = output(cost.driver, cost.topics.batches);
    }

    @AfterEach
    void close() {
        cost.close();
    }

    @Test
    void aBatchCompletesExactlyOnceWhenEveryRequestHasItsTerminalResult() {
        cost.send(batched("r1", ResultStatus.SUCCEEDED, 100, 1));
        cost.send(batched("r2", ResultStatus.FAILED, 0, 2));
        cost.send(batched("r2", ResultStatus.FAILED, 0, 3)); // the same result delivered twice
        cost.send(batched("r3", ResultStatus.REJECTED, 0, 4));

        List<BatchStatus> updates = batches.readValuesToList();
        assertThat(updates).extracting(BatchStatus::getState)
                .as("the duplicate result neither counts nor completes the batch early")
                .containsExactly(BatchState.IN_PROGRESS, BatchState.IN_PROGRESS, BatchState.IN_PROGRESS);
        assertThat(updates.getLast().getPending()).isEqualTo(1);

        cost.send(batched("r4", ResultStatus.EXPIRED, 0, 5));
        cost.send(batched("r5", ResultStatus.SUCCEEDED, 7, 6)); // more results than the batch declared

        List<BatchStatus> last = batches.readValuesToList();
        assertThat(last).as("COMPLETED is written once, and nothing after it").hasSize(1);
        BatchStatus done = last.getFirst();
        assertThat(done.getState()).isEqualTo(BatchState.COMPLETED);
        assertThat(done.getTotal()).isEqualTo(4);
        assertThat(done.getSucceeded()).isEqualTo(1);
        assertThat(done.getFailed()).isEqualTo(1);
        assertThat(done.getRejected()).isEqualTo(1);
        assertThat(done.getExpired()).isEqualTo(1);
        assertThat(done.getPending()).isZero();
        assertThat(done.getCostNanoUsd()).isEqualTo(100L);
        assertThat(done.getFirstCreatedAtMs()).isEqualTo(T0);
        assertThat(done.getCompletedAtMs()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void resultsOutsideBatchesMakeNoBatchStatus() {
        cost.send(result("r1", ResultStatus.SUCCEEDED, "gpt-4o-mini", T0).build());
        assertThat(batches.isEmpty()).isTrue();
    }

    private static LlmResult batched(String requestId, ResultStatus status, long cost, int secondsLater) {
        return result(requestId, status, status == ResultStatus.SUCCEEDED ? "gpt-4o-mini" : null, T0.plusSeconds(secondsLater))
                .setCreatedAtMs(T0).setBatchId("b-1").setBatchSize(4).setCostNanoUsd(cost).build();
    }
}
