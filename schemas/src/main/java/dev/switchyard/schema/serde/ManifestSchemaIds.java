package dev.switchyard.schema.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Schema ids from {@code schema-ids.properties}: {@code id=full record name}. The highest id of a
 * name is its current version (the generated class); older ids resolve to the schema text kept in
 * {@code schema-history/<id>.avsc}, so records written before an evolution stay readable.
 */
public final class ManifestSchemaIds implements SchemaIds {

    private static final String MANIFEST = "/dev/switchyard/schema/schema-ids.properties";
    private static final String HISTORY = "/dev/switchyard/schema/schema-history/";
    private static volatile ManifestSchemaIds builtIn;

    private final Map<String, Integer> currentIdByName = new HashMap<>();
    private final Map<Integer, Schema> schemaById = new HashMap<>();

    ManifestSchemaIds(Map<Integer, String> nameById) {
        TrustedRecords.ensure();
        Map<Integer, String> sorted = new java.util.TreeMap<>(nameById);
        sorted.forEach((id, name) -> currentIdByName.put(name, id));
        sorted.forEach((id, name) -> schemaById.put(id, id.equals(currentIdByName.get(name))
                ? currentSchema(name)
                : historicSchema(id, name)));
    }

    public static ManifestSchemaIds builtIn() {
        if (builtIn == null) {
            synchronized (ManifestSchemaIds.class) {
                if (builtIn == null) {
                    builtIn = new ManifestSchemaIds(readManifest());
                }
            }
        }
        return builtIn;
    }

    @Override
    public int idFor(String topic, Schema schema) {
        Integer id = currentIdByName.get(schema.getFullName());
        if (id == null) {
            throw new IllegalArgumentException("schema " + schema.getFullName() + " has no id in " + MANIFEST);
        }
        return id;
    }

    @Override
    public Schema schemaFor(int id) {
        Schema schema = schemaById.get(id);
        if (schema == null) {
            throw new UnknownSchemaIdException(id, "not in the built-in manifest; is a newer writer using a schema registry?");
        }
        return schema;
    }

    private static Map<Integer, String> readManifest() {
        try (InputStream in = ManifestSchemaIds.class.getResourceAsStream(MANIFEST)) {
            if (in == null) {
                throw new IllegalStateException(MANIFEST + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<Integer, String> nameById = new HashMap<>();
            properties.forEach((id, name) -> nameById.put(Integer.parseInt(id.toString().trim()), name.toString().trim()));
            return nameById;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema currentSchema(String fullName) {
        try {
            return SpecificData.get().getSchema(Class.forName(fullName));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("manifest names " + fullName + ", which is not a generated record", e);
        }
    }

    private static Schema historicSchema(int id, String fullName) {
        try (InputStream in = ManifestSchemaIds.class.getResourceAsStream(HISTORY + id + ".avsc")) {
            if (in == null) {
                throw new IllegalStateException("schema id " + id + " (" + fullName + ") is superseded but "
                        + HISTORY + id + ".avsc is missing");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
