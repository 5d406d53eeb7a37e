package dev.switchyard.schema.serde;

import java.util.Map;
import org.apache.avro.Schema;

/** Schema ids from a fixed map; the writer's id is the highest id of its full name. */
record InMemorySchemaIds(Map<Integer, Schema> schemas) implements SchemaIds {

    @Override
    public int idFor(String topic, Schema schema) {
        return schemas.entrySet().stream()
                .filter(e -> e.getValue().equals(schema))
                .mapToInt(Map.Entry::getKey).max()
                .orElseThrow(() -> new IllegalArgumentException("no id for " + schema.getFullName()));
    }

    @Override
    public Schema schemaFor(int id) {
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new UnknownSchemaIdException(id, "not in the test map");
        }
        return schema;
    }
}
