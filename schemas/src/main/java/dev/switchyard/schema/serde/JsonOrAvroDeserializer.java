package dev.switchyard.schema.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a public input topic other than {@code llm.requests} (such as {@code llm.feedback}) as
 * {@code llm.requests} is read: Avro in the Confluent wire format, or camelCase JSON when the
 * record's {@code content-type} header says {@code application/json}, in any letter case.
 */
public final class JsonOrAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final AvroWireSerde<T> avro;

    public JsonOrAvroDeserializer(AvroWireSerde<T> avro) {
        this.avro = avro;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return avro.deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return data != null && RequestDeserializer.isJson(headers) ? fromJson(data) : avro.deserialize(topic, data);
    }

    /** A record from its camelCase JSON, enum values as case-insensitive strings. */
    public T fromJson(byte[] data) {
        try {
            return JsonRecordReader.read(RequestDeserializer.parse(data), avro.schema());
        } catch (JsonRecordReader.InvalidJsonException e) {
            throw new SerializationException("JSON does not match " + avro.schema().getName() + ": " + e.getMessage(), e);
        }
    }
}
