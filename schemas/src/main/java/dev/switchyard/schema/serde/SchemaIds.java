package dev.switchyard.schema.serde;

import org.apache.avro.Schema;

/**
 * Where the 4-byte schema id of the Confluent wire format comes from and goes to.
 * Two implementations: a fixed manifest shipped in this module (the embedded default) and a
 * Confluent-compatible schema registry (when {@code schema.registry.url} is set).
 */
public interface SchemaIds {

    /** The id under which records written with {@code schema} are tagged on {@code topic}. */
    int idFor(String topic, Schema schema);

    /** The writer schema behind {@code id}; throws {@link UnknownSchemaIdException} when there is none. */
    Schema schemaFor(int id);

    static SchemaIds fromConfig(String registryUrl) {
        return registryUrl == null || registryUrl.isBlank()
                ? ManifestSchemaIds.builtIn()
                : new RegistrySchemaIds(registryUrl);
    }

    final class UnknownSchemaIdException extends RuntimeException {
        public UnknownSchemaIdException(int id, String where) {
            super("unknown schema id " + id + " (" + where + ")");
        }
    }
}
