package dev.switchyard.schema.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * A generic Avro datum as the JSON tree camelCase JSON input would give: records and maps
 * become objects, enums their symbol. A record that a writer's schema decodes but this reader's
 * schema cannot take is then checked field by field, as JSON is, so the error names the field.
 */
final class AvroTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroTrees() {
    }

    static JsonNode toTree(Object datum) {
        return switch (datum) {
            case null -> NODES.nullNode();
            case GenericRecord record -> {
                ObjectNode object = NODES.objectNode();
                record.getSchema().getFields().forEach(field -> object.set(field.name(), toTree(record.get(field.pos()))));
                yield object;
            }
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, value) -> object.set(key.toString(), toTree(value)));
                yield object;
            }
            case Collection<?> items -> {
                ArrayNode array = NODES.arrayNode();
                items.forEach(item -> array.add(toTree(item)));
                yield array;
            }
            case CharSequence text -> NODES.textNode(text.toString());
            case GenericEnumSymbol<?> symbol -> NODES.textNode(symbol.toString());
            case Boolean bool -> NODES.booleanNode(bool);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case ByteBuffer bytes -> NODES.textNode(Base64.getEncoder().encodeToString(toArray(bytes)));
            case GenericFixed fixed -> NODES.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
            default -> NODES.textNode(datum.toString());
        };
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
