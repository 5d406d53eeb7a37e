package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.sim.Knobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every model of every provider answers 429 with {@code Retry-After: 2} to four calls in five for
 * 20 s, while requests keep coming. A retry on the model that said 429 never starts before its
 * Retry-After has passed; no request makes more than {@code max-attempts} calls; and every
 * request ends with exactly one result, succeeded or failed with its attempts listed.
 */
class RateLimitStormEndToEndTest {

    private static final int REQUESTS = 200;
    private static final int RETRY_AFTER_SECONDS = 2;
    private static final int MAX_ATTEMPTS = 4; // switchyard.router.max-attempts' default

    @Test
    void retryAfterIsHonouredAndEveryRequestEndsOnce() throws Exception {
        try (InProcessStack stack = new InProcessStack().startServices();
             TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, true);
             RequestProducer producer = new RequestProducer(stack.kafka)) {
            List<LlmRequest> workload = Workload.generate("storm", REQUESTS, 5);
            stack.sim.knobs().reset(Knobs.defaults().with(Map.of("rateLimitRate", 0.8, "retryAfterSeconds", RETRY_AFTER_SECONDS)));
            long stormEnds = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int i = 0; i < REQUESTS; i++) {
                producer.send(workload.get(i));
                if (i % 20 == 19) {
                    producer.flush();
                    Thread.sleep(1_500); // 200 requests over the first 15 s of the storm
                }
            }
            producer.flush();
            Thread.sleep(Math.max(0, (stormEnds - System.nanoTime()) / 1_000_000));
            stack.sim.knobs().reset(Knobs.defaults());

            Map<String, LlmResult> byId = PipelineOutcomes.awaitExactlyOneEach(results,
                    workload.stream().map(LlmRequest::getRequestId).toList(), Duration.ofSeconds(180));

            int waitedRetries = 0;
            for (LlmResult result : byId.values()) {
                List<Attempt> attempts = result.getAttempts();
                assertThat(attempts).as(result.getRequestId()).hasSizeLessThanOrEqualTo(MAX_ATTEMPTS);
                for (int i = 1; i < attempts.size(); i++) {
                    Attempt before = attempts.get(i - 1);
                    Attempt after = attempts.get(i);
                    if (before.getOutcome().equals("rate_limited") && after.getModel().equals(before.getModel())) {
                        long answeredAt = before.getStartedAtMs().toEpochMilli() + before.getLatencyMs();
                        assertThat(after.getStartedAtMs().toEpochMilli() - answeredAt)
                                .as("%s: the retry of %s waited out Retry-After", result.getRequestId(), after.getModel())
                                .isGreaterThanOrEqualTo(RETRY_AFTER_SECONDS * 1_000L - 5);
                        waitedRetries++;
                    }
                }
                if (result.getStatus() == ResultStatus.FAILED) {
                    assertThat(result.getError().getCode()).as(result.getRequestId()).isNotNull();
                    assertThat(attempts).as(result.getRequestId()).isNotEmpty();
                }
            }
            assertThat(waitedRetries).as("retries of a rate-limited model, each checked above").isGreaterThan(REQUESTS / 4);
            assertThat(byId.values()).as("most requests are served once the storm passes or on a retry")
                    .filteredOn(r -> r.getStatus() == ResultStatus.SUCCEEDED).hasSizeGreaterThan(REQUESTS / 4);
        }
    }
}
