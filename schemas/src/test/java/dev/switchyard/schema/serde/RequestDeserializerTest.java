package dev.switchyard.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.schema.ContentPartType;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.ResponseFormatType;
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
    void readsTheChatSurfaceFromJsonWithSchemasAsObjectsOrText() {
        LlmRequest request = json("""
                {"requestId": "j-2", "tenantId": "acme",
                 "messages": [
                   {"role": "user", "parts": [{"type": "text", "text": "what is it?"},
                                              {"type": "image", "imageUrl": "https://example.com/a.png", "detail": "low"}]},
                   {"role": "assistant", "toolCalls": [{"id": "c1", "name": "lookup", "argumentsJson": {"q": "a"}}]},
                   {"role": "tool", "toolCallId": "c1", "name": "lookup", "content": "a cat"}],
                 "tools": [{"name": "lookup", "parametersJson": {"type": "object", "properties": {"q": {"type": "string"}}}}],
                 "toolChoice": "required",
                 "responseFormat": {"type": "json_schema", "name": "a", "schemaJson": "{\\"type\\": \\"object\\"}", "strict": true},
                 "stop": ["END"], "topP": 0.5, "seed": 7}""");
        assertThat(request.getMessages().get(0).getContent()).isEmpty();
        assertThat(request.getMessages().get(0).getParts()).extracting(part -> part.getType())
                .containsExactly(ContentPartType.TEXT, ContentPartType.IMAGE);
        assertThat(request.getMessages().get(1).getToolCalls().get(0).getArgumentsJson()).isEqualTo("{\"q\":\"a\"}");
        assertThat(request.getMessages().get(2).getToolCallId()).isEqualTo("c1");
        assertThat(request.getTools().get(0).getParametersJson()).startsWith("{\"type\":\"object\"");
        assertThat(request.getResponseFormat().getType()).isEqualTo(ResponseFormatType.JSON_SCHEMA);
        assertThat(request.getResponseFormat().getSchemaJson()).isEqualTo("{\"type\": \"object\"}");
        assertThat(request.getResponseFormat().getStrict()).isTrue();
        assertThat(request.getStop()).containsExactly("END");
        assertThat(request.getTopP()).isEqualTo(0.5f);
        assertThat(request.getSeed()).isEqualTo(7L);
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
        assertThatThrownBy(() -> json("{\"requestId\": \"r\", \"tenantId\": \"a\", \"messages\": [{\"content\": \"hi\"}]}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("messages[0].role is required");
        assertThatThrownBy(() -> json("{\"requestId\": \"r\", \"tenantId\": \"a\", \"messages\": [{\"role\": \"user\", \"parts\": [{\"type\": \"video\"}]}]}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("messages[0].parts[0].type is 'video'");
        assertThatThrownBy(() -> json("not json"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not valid JSON");
    }

    private LlmRequest json(String body) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDeserializer.CONTENT_TYPE_HEADER, "application/json; charset=utf-8".getBytes(StandardCharsets.UTF_8));
        return reader.deserialize("llm.requests", headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
