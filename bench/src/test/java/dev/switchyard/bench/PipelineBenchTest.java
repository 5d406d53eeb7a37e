package dev.switchyard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchyard.cli.client.LatencyStats;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.core.outcome.Results;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The pipeline bench's figures: a request's parts add up to its whole time, which runs from its append. */
class PipelineBenchTest {

    private static final LlmRequest REQUEST = Workload.generate("parts", 1, 1).getFirst();
    private static final String ID = REQUEST.getRequestId();

    @Test
    void aRequestsFourPartsAddUpToItsTimeFromAppendToRead() {
        // Appended at 1,000; its work item read at 1,020; the call from 1,030 for 200 ms; its result read at 1,250.
        LlmResult result = Results.afterAttempts(REQUEST, ResultStatus.SUCCEEDED, List.of(attempt(1_030, 200)), null,
                Instant.ofEpochMilli(1_230));

        PipelineBench.Outcome outcome = PipelineBench.outcome(Map.of(ID, new ResultCollector.Received(result, 1_250)),
                Set.of(ID), Map.of(ID, appendedAt(1_000)), Map.of(ID, 1_020L), 1.0);

        assertThat(outcome.results()).isEqualTo(1);
        assertMedian(outcome.endToEnd(), 250);
        PipelineBench.Parts parts = outcome.parts();
        assertMedian(parts.routedVisible(), 20);
        assertMedian(parts.pickedUp(), 10);
        assertMedian(parts.providerCall(), 200);
        assertMedian(parts.resultVisible(), 20);
        assertMedian(parts.added(), 50);
    }

    @Test
    void aRequestThatFellBackCountsWholeAndLessEveryCallButHasNoParts() {
        LlmResult result = Results.afterAttempts(REQUEST, ResultStatus.SUCCEEDED,
                List.of(attempt(1_030, 100), attempt(1_200, 300)), null, Instant.ofEpochMilli(1_500));

        PipelineBench.Outcome outcome = PipelineBench.outcome(Map.of(ID, new ResultCollector.Received(result, 1_600)),
                Set.of(ID, "never-answered"), Map.of(ID, appendedAt(1_000)), Map.of(ID, 1_020L), 1.0);

        assertThat(outcome.results()).as("a measured request without a result is not counted").isEqualTo(1);
        assertMedian(outcome.endToEnd(), 600);
        assertMedian(outcome.parts().added(), 200);
        assertThat(outcome.parts().routedVisible().count()).isZero();
    }

    /** HdrHistogram keeps three significant digits: 250 ms is recorded as within a quarter millisecond of it. */
    private static void assertMedian(LatencyStats stats, long millis) {
        assertThat(stats.percentileMillis(50)).isCloseTo(millis, within(0.5));
    }

    private static Attempt attempt(long startedAtMs, long latencyMs) {
        return Attempt.newBuilder().setProvider("openai").setModel("gpt-4o").setOutcome("ok").setLatencyMs(latencyMs)
                .setInputTokens(10).setOutputTokens(10).setCostNanoUsd(1).setStartedAtMs(Instant.ofEpochMilli(startedAtMs)).build();
    }

    private static Future<RecordMetadata> appendedAt(long logAppendTimeMs) {
        return CompletableFuture.completedFuture(new RecordMetadata(new TopicPartition("llm.requests", 0), 0, 0, logAppendTimeMs, 0, 0));
    }
}
