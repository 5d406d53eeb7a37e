package dev.switchyard.executor.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object held as text (a tool's parameters, a schema, a call's arguments) as the SDKs'
 * untyped values. Both SDKs shade no Jackson of their own, so one parse serves both; each SDK
 * wraps the plain maps and lists in its own {@code JsonValue}.
 */
final class SdkJsonValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SdkJsonValues() {
    }

    /** The object's members as OpenAI's JsonValues. The router has checked that the text is a JSON object. */
    static Map<String, com.openai.core.JsonValue> object(String json) {
        Map<String, com.openai.core.JsonValue> values = new LinkedHashMap<>();
        parse(json).forEach((key, value) -> values.put(key, com.openai.core.JsonValue.from(value)));
        return values;
    }

    /** The object's members as Anthropic's JsonValues. */
    static Map<String, com.anthropic.core.JsonValue> anthropicObject(String json) {
        Map<String, com.anthropic.core.JsonValue> values = new LinkedHashMap<>();
        parse(json).forEach((key, value) -> values.put(key, com.anthropic.core.JsonValue.from(value)));
        return values;
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** Any JSON-able value (an SDK's parsed tool input) as compact JSON text. */
    static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
