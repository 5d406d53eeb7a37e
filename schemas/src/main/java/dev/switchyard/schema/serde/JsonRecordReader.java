package dev.switchyard.schema.serde;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads plain camelCase JSON into a specific record, guided by the record's Avro schema:
 * missing fields take their schema default, enums match case-insensitively, unions with null
 * accept null or the value itself, and timestamp-millis fields take epoch milliseconds.
 * Unknown fields are ignored, as an Avro reader ignores fields it does not know. A string field
 * whose name ends in {@code Json} also takes a JSON object or array, as its text.
 */
final class JsonRecordReader {

    private JsonRecordReader() {
    }

    static <T extends SpecificRecord> T read(JsonNode json, Schema schema) {
        @SuppressWarnings("unchecked")
        T record = (T) readRecord(json, schema, "");
        return record;
    }

    private static Object readRecord(JsonNode json, Schema schema, String path) {
        if (!json.isObject()) {
            throw new InvalidJsonException(path(path) + " must be an object");
        }
        SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            JsonNode value = json.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new InvalidJsonException(fieldPath + " is required");
                }
                record.put(field.pos(), SpecificData.get().getDefaultValue(field));
            } else {
                record.put(field.pos(), readValue(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private static Object readValue(JsonNode json, Schema schema, String path) {
        switch (schema.getType()) {
            case UNION -> {
                if (json.isNull() && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                    return null;
                }
                InvalidJsonException last = null;
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return readValue(json, branch, path);
                    } catch (InvalidJsonException e) {
                        last = e;
                    }
                }
                throw last != null ? last : new InvalidJsonException(path + " must be null");
            }
            case NULL -> {
                expect(json.isNull(), path, "null");
                return null;
            }
            case STRING -> {
                if (path.endsWith("Json") && json.isContainerNode()) {
                    // parametersJson, schemaJson, argumentsJson: JSON kept as text, so an object may stand for its text
                    return json.toString();
                }
                expect(json.isTextual(), path, "a string");
                return json.textValue();
            }
            case BOOLEAN -> {
                expect(json.isBoolean(), path, "true or false");
                return json.booleanValue();
            }
            case INT -> {
                expect(json.isIntegralNumber() && json.canConvertToInt(), path, "a 32-bit integer");
                return json.intValue();
            }
            case LONG -> {
                expect(json.isIntegralNumber() && json.canConvertToLong(), path, "a 64-bit integer");
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? Instant.ofEpochMilli(json.longValue())
                        : json.longValue();
            }
            case FLOAT -> {
                expect(json.isNumber(), path, "a number");
                return json.floatValue();
            }
            case DOUBLE -> {
                expect(json.isNumber(), path, "a number");
                return json.doubleValue();
            }
            case ENUM -> {
                expect(json.isTextual(), path, "one of " + schema.getEnumSymbols());
                String symbol = json.textValue().toUpperCase(Locale.ROOT);
                if (!schema.hasEnumSymbol(symbol)) {
                    throw new InvalidJsonException(path + " is '" + json.textValue() + "', expected one of " + schema.getEnumSymbols());
                }
                return SpecificData.get().createEnum(symbol, schema);
            }
            case ARRAY -> {
                expect(json.isArray(), path, "an array");
                List<Object> list = new ArrayList<>(json.size());
                for (int i = 0; i < json.size(); i++) {
                    list.add(readValue(json.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return list;
            }
            case MAP -> {
                expect(json.isObject(), path, "an object");
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), readValue(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
                }
                return map;
            }
            case RECORD -> {
                return readRecord(json, schema, path);
            }
            default -> throw new InvalidJsonException(path + " has type " + schema.getType() + ", which JSON input does not support");
        }
    }

    private static void expect(boolean ok, String path, String what) {
        if (!ok) {
            throw new InvalidJsonException(path(path) + " must be " + what);
        }
    }

    private static String path(String path) {
        return path.isEmpty() ? "the record" : path;
    }

    static final class InvalidJsonException extends RuntimeException {
        InvalidJsonException(String message) {
            super(message);
        }
    }
}
