package dev.switchyard.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.BatchStatus;
import dev.switchyard.schema.BudgetAlert;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.BudgetReservation;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.internal.WorkItem;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

class ManifestSchemaIdsTest {

    @Test
    void everyTopicRecordHasItsOwnIdAndItResolvesBackToTheSameSchema() {
        ManifestSchemaIds ids = ManifestSchemaIds.builtIn();
        Set<Integer> seen = new HashSet<>();
        for (Class<?> type : List.of(LlmRequest.class, LlmResult.class, CostAggregate.class, BudgetPolicy.class,
                BudgetStatus.class, BudgetAlert.class, BatchStatus.class, WorkItem.class, UsageEvent.class, AttemptFailed.class,
                RouterCommand.class, BudgetReservation.class)) {
            var schema = SpecificData.get().getSchema(type);
            int id = ids.idFor("any", schema);
            assertThat(seen.add(id)).as("id of %s is unique", type.getSimpleName()).isTrue();
            assertThat(ids.schemaFor(id)).isEqualTo(schema);
        }
    }

    /**
     * Every id ever issued still decodes: a record written with any superseded version (its
     * schema-history text) is read by today's generated class, and today's records stay readable
     * by a reader of any older version of the same record (both directions of compatibility).
     */
    @Test
    void everyIdOfTheManifestStillDecodesIntoTheCurrentRecord() throws Exception {
        ManifestSchemaIds ids = ManifestSchemaIds.builtIn();
        Map<Integer, String> nameById = manifest();
        Map<String, Integer> currentIdByName = new TreeMap<>();
        nameById.forEach((id, name) -> currentIdByName.put(name, id));
        for (Map.Entry<Integer, String> entry : nameById.entrySet()) {
            int id = entry.getKey();
            Class<? extends SpecificRecord> type = Class.forName(entry.getValue()).asSubclass(SpecificRecord.class);
            Schema current = SpecificData.get().getSchema(type);
            Schema written = ids.schemaFor(id);
            assertThat(written.getFullName()).as("id %d", id).isEqualTo(entry.getValue());
            if (id == currentIdByName.get(entry.getValue())) {
                assertThat(written).as("id %d is the current %s", id, type.getSimpleName()).isEqualTo(current);
                continue;
            }
            assertThat(written).as("superseded id %d differs from the current %s", id, type.getSimpleName()).isNotEqualTo(current);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, written).getType())
                    .as("today's %s reads id %d", type.getSimpleName(), id)
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(written, current).getType())
                    .as("a reader of id %d reads today's %s", id, type.getSimpleName())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            AvroWireSerde<? extends SpecificRecord> serde = new AvroWireSerde<>(type, ids);
            int decoded = 0;
            for (Object record : new RandomData(written, 25, id)) {
                SpecificRecord read = serde.deserialize("any", wire(id, written, record));
                assertThat(read).as("a record of id %d", id).isInstanceOf(type);
                decoded++;
            }
            assertThat(decoded).isEqualTo(25);
        }
    }

    /**
     * What each issued id means for decoding (the fingerprint of its schema's Parsing Canonical
     * Form, which keeps names, types and field order and drops docs and defaults), pinned: a change
     * to a record, or to any record it embeds (Attempt and Routing are inside LlmResult, WorkItem,
     * AttemptFailed, RouterCommand), must take a new id and leave the old text in schema-history. Add a line per
     * new id; never edit one.
     */
    private static final Map<Integer, Long> FINGERPRINTS = Map.ofEntries(
            Map.entry(1001, 0x18671b641d3ee0a5L),
            Map.entry(1002, 0xb816809054b0b814L),
            Map.entry(1003, 0xa3848cfe0bc86c1bL),
            Map.entry(1004, 0x7fec24d8ace049a8L),
            Map.entry(1005, 0x310e58e834dc6ccfL),
            Map.entry(1006, 0x609c835d8d46f0efL),
            Map.entry(1007, 0xf739ffc78c1355c2L),
            Map.entry(1008, 0x04895bedec643a0bL),
            Map.entry(1009, 0x0177d287aa539448L),
            Map.entry(1101, 0x12b20513b842117bL),
            Map.entry(1102, 0xa6441d9f360a12ceL),
            Map.entry(1103, 0x69aedae860f2e08cL),
            Map.entry(1104, 0x51d87d622b1ae259L),
            Map.entry(1105, 0xb79a566005cce846L),
            Map.entry(1106, 0x300bdf4502657edeL),
            Map.entry(1107, 0x4c1b5069d49f4474L),
            Map.entry(1108, 0x2154619a089f6a91L),
            Map.entry(1109, 0x12be3ed98cf96378L),
            Map.entry(1110, 0x84856f9d21c0fea5L),
            Map.entry(1111, 0x4c0a1efdc0eb82eaL),
            Map.entry(1112, 0x38061647f16d307aL),
            Map.entry(1113, 0x4568d03f56166f1dL),
            Map.entry(1114, 0xfcc4263e00e831f4L),
            Map.entry(1115, 0xb9b95a7e2ec7e72bL),
            Map.entry(1116, 0xf2eb7b75f94ee919L),
            Map.entry(1010, 0x1a84376fef211444L),
            Map.entry(1117, 0x5a4e2abcc6b00a82L),
            Map.entry(1118, 0x8cba0819af5db39aL),
            Map.entry(1119, 0x71a5274bd0e11531L),
            Map.entry(1011, 0x1c8f742c5f3b9308L),
            Map.entry(1120, 0xeb010b2fca2f44e0L),
            Map.entry(1121, 0xe95b3ab5f767ddf3L),
            Map.entry(1012, 0x2fbc72ff6724ac3dL),
            Map.entry(1013, 0xb18eb411afff1a53L),
            Map.entry(1122, 0x1008598837c0c2d5L),
            Map.entry(1123, 0x6e83b6722332541dL),
            Map.entry(1124, 0x73ba36ced3eb7b70L));

    @Test
    void noIssuedIdChangesWhatItDecodes() throws Exception {
        ManifestSchemaIds ids = ManifestSchemaIds.builtIn();
        Map<Integer, String> nameById = manifest();
        assertThat(nameById.keySet()).as("every id of the manifest is pinned here").isEqualTo(FINGERPRINTS.keySet());
        nameById.keySet().forEach(id -> assertThat(SchemaNormalization.parsingFingerprint64(ids.schemaFor(id)))
                .as("schema of id %d (%s) changed: give the record a new id and keep this one's text in schema-history/%d.avsc",
                        id, nameById.get(id), id)
                .isEqualTo(FINGERPRINTS.get(id)));
    }

    @Test
    void anAttemptOfTheVersionBeforeCacheWritesReadsAsNoCacheWrites() throws Exception {
        ManifestSchemaIds ids = ManifestSchemaIds.builtIn();
        for (Object record : new RandomData(ids.schemaFor(1002), 10, 7)) {
            LlmResult result = new AvroWireSerde<>(LlmResult.class, ids).deserialize("llm.results", wire(1002, ids.schemaFor(1002), record));
            assertThat(result.getCacheWriteInputTokens()).isZero();
            result.getAttempts().forEach(attempt -> assertThat(attempt.getCacheWriteInputTokens()).isZero());
        }
    }

    private static Map<Integer, String> manifest() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = ManifestSchemaIds.class.getResourceAsStream("/dev/switchyard/schema/schema-ids.properties")) {
            properties.load(in);
        }
        Map<Integer, String> nameById = new TreeMap<>();
        properties.forEach((id, name) -> nameById.put(Integer.parseInt(id.toString().trim()), name.toString().trim()));
        assertThat(nameById).isNotEmpty();
        return nameById;
    }

    private static byte[] wire(int id, Schema schema, Object record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<Object>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
