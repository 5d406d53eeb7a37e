package dev.switchyard.executor.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.ResponseFormat;
import dev.switchyard.schema.ResponseFormatType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether an answer is one the request can use, for every provider alike: an answer with neither
 * text nor tool calls is a server error, and an answer that breaks the requested JSON format
 * (not JSON, not an object, or, with {@code strict}, not valid against the schema) is an
 * {@code invalid_output} attempt, which the router moves to the next model. A provider's promise of
 * structured output is never taken on trust: the answer is what a pipeline parses.
 */
final class AnswerCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON Schema 2020-12, the dialect OpenAI's structured outputs take; $refs stay inside the schema (the router refuses others). */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** Compiled schemas by text: a pipeline sends one schema many times, and compiling costs more than validating. */
    private static final int CACHED_SCHEMAS = 256;
    private static final Map<String, Schema> compiled = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > CACHED_SCHEMAS;
        }
    });
    /** Errors named in an attempt's message, enough to see what broke without flooding the result. */
    private static final int ERRORS_SHOWN = 3;

    private AnswerCheck() {
    }

    /** The completion when it is usable; else the failed attempt it is, with its usage billed. */
    static Completion checked(CompletionCall call, Completion completion) throws ProviderCallException {
        Completion billed = completion.billed() ? completion : null;
        if ((completion.content() == null || completion.content().isBlank()) && completion.toolCalls().isEmpty()) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "empty answer (finish reason " + completion.finishReason() + ")",
                    null, billed);
        }
        ResponseFormat format = call.responseFormat();
        if (format == null || format.getType() == ResponseFormatType.TEXT || !completion.toolCalls().isEmpty()) {
            return completion; // a tool call is not the answer yet
        }
        String problem = problem(format, completion.content());
        if (problem != null) {
            // An answer cut at maxOutputTokens is no more usable than a malformed one: a pipeline parses it all the same.
            String cut = Completion.LENGTH.equals(completion.finishReason()) ? " (cut at maxOutputTokens)" : "";
            throw new ProviderCallException(AttemptOutcome.INVALID_OUTPUT, problem + cut, null, billed);
        }
        return completion;
    }

    /**
     * The schema compiled in the 2020-12 dialect, whatever {@code $schema} it names: OpenAI reads
     * schemas so, and a named meta-schema or {@code $id} would have the validator resolve a URL.
     */
    private static Schema compile(String schemaJson) {
        try {
            JsonNode schema = JSON.readTree(schemaJson);
            if (schema instanceof ObjectNode object) {
                object.remove("$schema");
                object.remove("$id");
            }
            return SCHEMAS.getSchema(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the router let an unreadable schema through: " + e.getOriginalMessage(), e);
        }
    }

    private static String problem(ResponseFormat format, String content) {
        JsonNode answer;
        try {
            answer = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            return "the answer is not JSON: " + e.getOriginalMessage();
        }
        if (answer == null || !answer.isObject()) {
            return "the answer is JSON but not an object";
        }
        if (format.getType() != ResponseFormatType.JSON_SCHEMA || !format.getStrict()) {
            return null;
        }
        List<Error> errors = compiled.computeIfAbsent(format.getSchemaJson(), AnswerCheck::compile).validate(answer);
        if (errors.isEmpty()) {
            return null;
        }
        StringBuilder message = new StringBuilder("the answer breaks the schema (" + errors.size() + " errors): ");
        for (int i = 0; i < Math.min(errors.size(), ERRORS_SHOWN); i++) {
            message.append(i == 0 ? "" : "; ").append(errors.get(i).getMessage());
        }
        return message.toString();
    }
}
