package dev.switchyard.executor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.outcome.AttemptOutcome;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void recognisesContextLengthInEveryProvidersWording() {
        assertThat(FailureClassifier.classify(400, "context_length_exceeded", "too long")).isEqualTo(AttemptOutcome.CONTEXT_LENGTH);
        // Azure OpenAI sends no code, only the sentence (litellm #15968).
        assertThat(FailureClassifier.classify(400, null,
                "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens."))
                .isEqualTo(AttemptOutcome.CONTEXT_LENGTH);
        assertThat(FailureClassifier.classify(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"))
                .isEqualTo(AttemptOutcome.CONTEXT_LENGTH);
        assertThat(FailureClassifier.classify(413, null, "request entity too large")).isEqualTo(AttemptOutcome.CONTEXT_LENGTH);
    }

    @Test
    void mapsStatusesToOutcomes() {
        assertThat(FailureClassifier.classify(429, null, "slow down")).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(FailureClassifier.classify(401, null, "bad key")).isEqualTo(AttemptOutcome.AUTH);
        assertThat(FailureClassifier.classify(403, null, "forbidden")).isEqualTo(AttemptOutcome.AUTH);
        assertThat(FailureClassifier.classify(529, null, "overloaded")).isEqualTo(AttemptOutcome.SERVER_ERROR);
        assertThat(FailureClassifier.classify(504, null, "gateway timeout")).isEqualTo(AttemptOutcome.TIMEOUT);
        assertThat(FailureClassifier.classify(400, "content_filter", "The response was filtered"))
                .isEqualTo(AttemptOutcome.CONTENT_FILTER);
        assertThat(FailureClassifier.classify(400, null, "temperature must be at most 2")).isEqualTo(AttemptOutcome.BAD_REQUEST);
        assertThat(FailureClassifier.classifyIo(new RuntimeException("Request failed", new SocketTimeoutException("timeout"))))
                .isEqualTo(AttemptOutcome.TIMEOUT);
    }

    @Test
    void readsRetryAfterInSecondsOrAsADate() {
        assertThat(FailureClassifier.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(FailureClassifier.retryAfter("0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(FailureClassifier.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(FailureClassifier.retryAfter("soon")).isNull();
        assertThat(FailureClassifier.retryAfter(null)).isNull();
    }
}
