package dev.switchyard.schema.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro specific records in the Confluent wire format: byte 0 is {@code 0x00}, bytes 1-4 the
 * big-endian schema id, then the Avro binary body. Byte-compatible with Confluent's
 * {@code KafkaAvroSerializer}, so either side may be swapped for Confluent's serde.
 *
 * <p>Decoding resolves the writer's schema (looked up by id) against this reader's schema, so a
 * reader and a writer on different compatible versions understand each other.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static final byte MAGIC_BYTE = 0x0;
    static final int HEADER_LENGTH = 5;

    private final Schema readerSchema;
    private final SchemaIds schemaIds;
    private final SpecificDatumWriter<T> writer;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    public AvroWireSerde(Class<T> type, SchemaIds schemaIds) {
        TrustedRecords.ensure();
        this.readerSchema = SpecificData.get().getSchema(type);
        this.schemaIds = schemaIds;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    public Schema schema() {
        return readerSchema;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        int id = schemaIds.idFor(topic, readerSchema);
        // Platform threads (stream threads, poll loops) write record after record: they keep a
        // buffer and a buffered encoder. Virtual threads come and go, so they take a fresh buffer
        // and the direct encoder, whose own buffer is a few bytes rather than the buffered one's 2 KiB.
        boolean virtual = Thread.currentThread().isVirtual();
        WriteBuffer buffer = virtual ? new WriteBuffer() : WRITE_BUFFERS.get();
        buffer.reset();
        buffer.write(MAGIC_BYTE);
        buffer.writeInt(id);
        try {
            buffer.encoder = virtual
                    ? EncoderFactory.get().directBinaryEncoder(buffer, null)
                    : EncoderFactory.get().binaryEncoder(buffer, buffer.encoder);
            writer.write(record, buffer.encoder);
            buffer.encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException("cannot write " + readerSchema.getName() + " to " + topic + ": " + e.getMessage(), e);
        }
        return buffer.toByteArray();
    }

    private static final ThreadLocal<WriteBuffer> WRITE_BUFFERS = ThreadLocal.withInitial(WriteBuffer::new);

    /** A byte sink without ByteArrayOutputStream's locking, kept with its encoder by a thread. */
    private static final class WriteBuffer extends ByteArrayOutputStream {
        BinaryEncoder encoder;

        WriteBuffer() {
            super(1024);
        }

        /** Empties the buffer; one that a huge record grew is let go rather than kept by the thread. */
        @Override
        public void reset() {
            count = 0;
            if (buf.length > 1 << 20) {
                buf = new byte[1024];
            }
        }

        void writeInt(int value) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[count++] = (byte) (value >>> shift);
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, count, length);
            count += length;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = schemaId(data);
        SpecificDatumReader<T> reader;
        try {
            reader = readersByWriterId.computeIfAbsent(id,
                    key -> new SpecificDatumReader<>(schemaIds.schemaFor(key), readerSchema));
        } catch (SchemaIds.UnknownSchemaIdException e) {
            throw new SerializationException(e.getMessage(), e);
        }
        return readBody(data, id, reader);
    }

    /**
     * The record as its writer wrote it, as a JSON tree, for a record that its writer's schema
     * decodes but this reader's schema cannot take (a field missing, of another type, an enum
     * symbol unknown here): the tree can still be read field by field.
     *
     * @throws SerializationException when not even the writer's schema decodes the bytes
     */
    JsonNode readAsWritten(byte[] data) {
        int id = schemaId(data);
        Schema writerSchema;
        try {
            writerSchema = schemaIds.schemaFor(id);
        } catch (SchemaIds.UnknownSchemaIdException e) {
            throw new SerializationException(e.getMessage(), e);
        }
        return AvroTrees.toTree(readBody(data, id, new GenericDatumReader<>(writerSchema)));
    }

    private static int schemaId(byte[] data) {
        if (data.length < HEADER_LENGTH) {
            throw new SerializationException("not Confluent wire format: " + data.length
                    + " bytes is shorter than the 5-byte header (magic byte + schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "not Confluent wire format: first byte is 0x%02x, expected 0x00%s", data[0] & 0xff,
                    data[0] == '{' ? " (JSON needs the header content-type: application/json)" : ""));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    private <D> D readBody(byte[] data, int id, DatumReader<D> reader) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_LENGTH, data.length - HEADER_LENGTH, null);
            D record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("record body has " + (data.length - HEADER_LENGTH)
                        + " bytes but schema id " + id + " describes fewer: trailing bytes");
            }
            return record;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new SerializationException("record body does not decode with schema id " + id + " as "
                    + readerSchema.getName() + ": " + e, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // Serde, Serializer and Deserializer all inherit close(); nothing to release.
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Configured through the constructor: the topic registry builds every instance.
    }
}
