package dev.switchyard.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroWireSerdeTest {

    /** A generic writer that, like generated code, carries timestamps as java.time.Instant. */
    private static final GenericData WITH_TIMESTAMPS = new GenericData();

    static {
        WITH_TIMESTAMPS.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    private final AvroWireSerde<LlmRequest> requests = new AvroWireSerde<>(LlmRequest.class, ManifestSchemaIds.builtIn());

    @Test
    void roundTripsEveryFieldOfARequest() {
        LlmRequest request = Records.fullRequest();
        assertThat(requests.deserialize("llm.requests", requests.serialize("llm.requests", request))).isEqualTo(request);
    }

    @Test
    void writesTheSameBytesOnVirtualThreadsAsOnPlatformThreads() throws Exception {
        // Platform threads write through a kept buffered encoder, virtual threads through a fresh direct one.
        LlmRequest request = Records.fullRequest();
        byte[] onPlatform = requests.serialize("llm.requests", request);
        AtomicReference<byte[]> onVirtual = new AtomicReference<>();
        Thread.ofVirtual().start(() -> onVirtual.set(requests.serialize("llm.requests", request))).join();
        assertThat(onVirtual.get()).isEqualTo(onPlatform);
        assertThat(requests.deserialize("llm.requests", onVirtual.get())).isEqualTo(request);
    }

    @Test
    void roundTripsAResultWithDefaults() {
        AvroWireSerde<LlmResult> results = new AvroWireSerde<>(LlmResult.class, ManifestSchemaIds.builtIn());
        LlmResult result = LlmResult.newBuilder()
                .setRequestId("r").setTenantId("t").setStatus(ResultStatus.REJECTED)
                .setCreatedAtMs(Instant.ofEpochMilli(1)).setCompletedAtMs(Instant.ofEpochMilli(2))
                .build();
        assertThat(results.deserialize("llm.results", results.serialize("llm.results", result))).isEqualTo(result);
    }

    @Test
    void laysOutBytesAsConfluentsSerializerDoes() throws Exception {
        LlmRequest request = Records.fullRequest();
        byte[] wire = requests.serialize("llm.requests", request);

        // Confluent's KafkaAvroSerializer: magic 0, 4-byte big-endian id, then the plain Avro binary body.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
        new SpecificDatumWriter<>(LlmRequest.class).write(request, encoder);
        encoder.flush();

        assertThat(wire[0]).isZero();
        assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).isEqualTo(1012);
        assertThat(Arrays.copyOfRange(wire, 5, wire.length)).isEqualTo(body.toByteArray());
    }

    @Test
    void refusesBytesThatAreNotItsWireFormatWithAReason() {
        byte[] valid = requests.serialize("llm.requests", Records.fullRequest());
        assertThatThrownBy(() -> requests.deserialize("t", new byte[0])).isInstanceOf(SerializationException.class)
                .hasMessageContaining("shorter than the 5-byte header");
        assertThatThrownBy(() -> requests.deserialize("t", "{\"requestId\":1}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("0x7b").hasMessageContaining("content-type");
        assertThatThrownBy(() -> requests.deserialize("t", new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id 32639");
        assertThatThrownBy(() -> requests.deserialize("t", Arrays.copyOf(valid, valid.length - 7)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("does not decode");
        byte[] trailing = Arrays.copyOf(valid, valid.length + 3);
        assertThatThrownBy(() -> requests.deserialize("t", trailing))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing bytes");
    }

    @Test
    void anOldReaderReadsANewWritersRecordAndANewReaderAnOldOne() throws Exception {
        Schema v1 = LlmRequest.getClassSchema();
        Schema v2 = withNewOptionalField(v1);
        InMemorySchemaIds ids = new InMemorySchemaIds(Map.of(1001, v1, 2001, v2));

        // New writer (v2, with the new field set), old reader (the generated v1 class).
        GenericRecord newRecord = new GenericData.Record(v2);
        LlmRequest sample = Records.fullRequest();
        for (Schema.Field field : v1.getFields()) {
            newRecord.put(field.name(), WITH_TIMESTAMPS.deepCopy(field.schema(), sample.get(field.pos())));
        }
        newRecord.put("region", "eu-west-1");
        byte[] fromNewWriter = wire(2001, v2, newRecord);
        LlmRequest read = new AvroWireSerde<>(LlmRequest.class, ids).deserialize("llm.requests", fromNewWriter);
        assertThat(read).isEqualTo(sample);

        // Old writer (v1), new reader (v2): the new field takes its default.
        byte[] fromOldWriter = new AvroWireSerde<>(LlmRequest.class, ids).serialize("llm.requests", sample);
        GenericRecord readByNew = new GenericReader(v2, ids).read(fromOldWriter);
        assertThat(readByNew.get("region")).isNull();
        assertThat(readByNew.get("requestId").toString()).isEqualTo("req-1");
    }

    private static Schema withNewOptionalField(Schema v1) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("region", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added in v2", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, WITH_TIMESTAMPS).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
