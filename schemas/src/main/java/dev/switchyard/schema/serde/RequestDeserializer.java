package dev.switchyard.schema.serde;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.schema.LlmRequest;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code llm.requests}: Avro in the Confluent wire format, or camelCase JSON when the
 * record's {@code content-type} header is {@code application/json} (CONTRACT.md, Encoding).
 */
public final class RequestDeserializer implements Deserializer<LlmRequest> {

    public static final String CONTENT_TYPE_HEADER = "content-type";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AvroWireSerde<LlmRequest> avro;

    public RequestDeserializer(AvroWireSerde<LlmRequest> avro) {
        this.avro = avro;
    }

    @Override
    public LlmRequest deserialize(String topic, byte[] data) {
        return avro.deserialize(topic, data);
    }

    @Override
    public LlmRequest deserialize(String topic, Headers headers, byte[] data) {
        return data != null && isJson(headers) ? fromJson(data) : avro.deserialize(topic, data);
    }

    public static boolean isJson(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(CONTENT_TYPE_HEADER);
        if (header == null || header.value() == null) {
            return false;
        }
        String contentType = new String(header.value(), StandardCharsets.UTF_8).trim().toLowerCase(java.util.Locale.ROOT);
        return contentType.equals("application/json") || contentType.startsWith("application/json;");
    }

    public LlmRequest fromJson(byte[] data) {
        try {
            return JsonRecordReader.read(JSON.readTree(data), avro.schema());
        } catch (JacksonException e) {
            throw new SerializationException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new SerializationException("not valid JSON: " + e.getMessage(), e);
        } catch (JsonRecordReader.InvalidJsonException e) {
            throw new SerializationException("JSON does not match LlmRequest: " + e.getMessage(), e);
        }
    }
}
