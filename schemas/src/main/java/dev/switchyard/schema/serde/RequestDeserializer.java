package dev.switchyard.schema.serde;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.schema.LlmRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code llm.requests}: Avro in the Confluent wire format, or camelCase JSON when the
 * record's {@code content-type} header is {@code application/json} (docs/CONTRACT.md, Encoding).
 */
public final class RequestDeserializer implements Deserializer<LlmRequest> {

    public static final String CONTENT_TYPE_HEADER = "content-type";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AvroWireSerde<LlmRequest> avro;
    /** Reads a whole request, as any public input topic is read; {@link #read} goes further. */
    private final JsonOrAvroDeserializer<LlmRequest> whole;

    public RequestDeserializer(AvroWireSerde<LlmRequest> avro) {
        this.avro = avro;
        this.whole = new JsonOrAvroDeserializer<>(avro);
    }

    @Override
    public LlmRequest deserialize(String topic, byte[] data) {
        return whole.deserialize(topic, data);
    }

    @Override
    public LlmRequest deserialize(String topic, Headers headers, byte[] data) {
        return whole.deserialize(topic, headers, data);
    }

    /**
     * Reads a request as far as it can be read: whole, or, when its requestId can be read but the
     * rest does not match {@code LlmRequest}, what can be read with the problem named.
     *
     * @throws MissingRequestIdException when the record decodes but has no requestId to answer under
     * @throws SerializationException    when the bytes are not JSON, nor Avro of a known schema
     */
    public ReadRequest read(String topic, Headers headers, byte[] data) {
        if (data == null) {
            throw new SerializationException("null value (tombstone) where a request is required");
        }
        JsonNode tree;
        if (isJson(headers)) {
            tree = parse(data);
        } else {
            try {
                return ReadRequest.whole(avro.deserialize(topic, data));
            } catch (SerializationException notThisSchema) {
                // Its writer's schema may still decode it: a field missing or of another type is then named.
                tree = avro.readAsWritten(data);
            }
        }
        if (!tree.isObject()) {
            throw new SerializationException("a request must be a JSON object, not " + tree.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        try {
            return ReadRequest.whole(JsonRecordReader.read(tree, avro.schema()));
        } catch (JsonRecordReader.InvalidJsonException e) {
            return new ReadRequest(RequestShell.of(tree), e.getMessage());
        }
    }

    /** Whether a record's {@code content-type} header, of any letter case, says JSON, as HTTP habits expect. */
    public static boolean isJson(Headers headers) {
        if (headers == null) {
            return false;
        }
        String contentType = null;
        for (Header header : headers) {
            if (header.key().equalsIgnoreCase(CONTENT_TYPE_HEADER) && header.value() != null) {
                contentType = new String(header.value(), StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
            }
        }
        return contentType != null && (contentType.equals("application/json") || contentType.startsWith("application/json;"));
    }

    public LlmRequest fromJson(byte[] data) {
        return whole.fromJson(data);
    }

    static JsonNode parse(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (JacksonException e) {
            throw new SerializationException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new SerializationException("not valid JSON: " + e.getMessage(), e);
        }
    }
}
