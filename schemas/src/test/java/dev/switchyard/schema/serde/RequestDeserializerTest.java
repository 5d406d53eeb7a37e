package dev.switchyard.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Strategy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RequestDeserializerTest {

    private final AvroWireSerde<LlmRequest> avro = new AvroWireSerde<>(LlmRequest.class, ManifestSchemaIds.builtIn());
    private final RequestDeserializer reader = new RequestDeserializer(avro);

    @Test
    void readsCamelCaseJsonWithCaseInsensitiveEnumsAndDefaults() {
        LlmRequest request = json("""
                {"requestId": "j-1", "tenantId": "acme", "userId": null, "strategy": "cost",
                 "messages": [{"role": "user", "content": "hi"}], "maxCostNanoUsd": 1500,
                 "deadlineMs": 1800000000000, "metadata": {"k": "v"}, "someFutureField": true}""");
        assertThat(request.getRequestId()).isEqualTo("j-1");
        assertThat(request.getStrategy()).isEqualTo(Strategy.COST);
        assertThat(request.getUserId()).isNull();
        assertThat(request.getMaxCostNanoUsd()).isEqualTo(1500L);
        assertThat(request.getDeadlineMs()).isEqualTo(Instant.ofEpochMilli(1_800_000_000_000L));
        assertThat(request.getMetadata()).containsEntry("k", "v");
        assertThat(request.getAllowFallback()).isTrue();
        assertThat(request.getPriority()).isEqualTo(5);
        assertThat(request.getRequiredCapabilities()).isEmpty();
    }

    @Test
    void withoutTheJsonHeaderItReadsAvro() {
        LlmRequest request = Records.fullRequest();
        assertThat(reader.deserialize("llm.requests", new RecordHeaders(), avro.serialize("llm.requests", request))).isEqualTo(request);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> json("{\"tenantId\": \"a\", \"messages\": []}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("requestId is required");
        assertThatThrownBy(() -> json("{\"requestId\": \"r\", \"tenantId\": \"a\", \"messages\": [], \"priority\": \"high\"}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("priority must be a 32-bit integer");
        assertThatThrownBy(() -> json("{\"requestId\": \"r\", \"tenantId\": \"a\", \"messages\": [], \"strategy\": \"cheapest\"}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("strategy is 'cheapest'");
        assertThatThrownBy(() -> json("{\"requestId\": \"r\", \"tenantId\": \"a\", \"messages\": [{\"role\": \"user\"}]}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("messages[0].content is required");
        assertThatThrownBy(() -> json("not json"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not valid JSON");
    }

    private LlmRequest json(String body) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDeserializer.CONTENT_TYPE_HEADER, "application/json; charset=utf-8".getBytes(StandardCharsets.UTF_8));
        return reader.deserialize("llm.requests", headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
