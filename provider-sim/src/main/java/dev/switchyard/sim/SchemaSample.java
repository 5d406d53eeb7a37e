package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * A deterministic JSON value for a JSON Schema, as a model that follows the schema would write it:
 * every property present, the first of each enum, one item per array, {@code $ref}s inside the
 * schema resolved. Tool arguments and structured answers are built with it; {@link #broken} gives
 * one that breaks the schema, for a model bad at structured output.
 */
final class SchemaSample {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Deep enough for any real schema; a recursive one stops here with an empty object. */
    private static final int MAX_DEPTH = 12;

    private SchemaSample() {
    }

    static JsonNode valid(JsonNode schema) {
        return sample(schema, schema, 0);
    }

    /** A value that breaks the schema: its first required property left out, else its first property of the wrong type. */
    static JsonNode broken(JsonNode schema) {
        JsonNode value = valid(schema);
        if (!(value instanceof ObjectNode object)) {
            return NODES.arrayNode();
        }
        JsonNode required = schema.path("required");
        if (required.isArray() && !required.isEmpty()) {
            object.remove(required.get(0).asText());
            return object;
        }
        Iterator<String> names = object.fieldNames();
        if (names.hasNext()) {
            String first = names.next();
            object.set(first, object.get(first).isTextual() ? NODES.numberNode(12345) : NODES.textNode("wrong type"));
            return object;
        }
        return NODES.arrayNode(); // not even an object
    }

    private static JsonNode sample(JsonNode schema, JsonNode root, int depth) {
        if (depth > MAX_DEPTH || schema == null || !schema.isObject()) {
            return NODES.objectNode();
        }
        if (schema.has("$ref")) {
            return sample(root.at(schema.get("$ref").asText().substring(1)), root, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        for (String choice : new String[] {"anyOf", "oneOf", "allOf"}) {
            if (schema.path(choice).isArray() && !schema.get(choice).isEmpty()) {
                return sample(schema.get(choice).get(0), root, depth + 1);
            }
        }
        return switch (type(schema)) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").properties()
                        .forEach(property -> object.set(property.getKey(), sample(property.getValue(), root, depth + 1)));
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(sample(schema.path("items"), root, depth + 1));
                yield array;
            }
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode("sample");
        };
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode each : type) {
                if (!each.asText().equals("null")) {
                    return each.asText();
                }
            }
            return "null";
        }
        if (type != null) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }
}
