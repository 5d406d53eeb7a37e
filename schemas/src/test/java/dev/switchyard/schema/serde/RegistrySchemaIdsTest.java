package dev.switchyard.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchyard.schema.LlmRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry path over real HTTP, against a small Confluent-compatible registry. */
class RegistrySchemaIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer registry;
    private final Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemaById = new ConcurrentHashMap<>();
    private final List<String> subjects = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(41);

    @BeforeEach
    void startRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/subjects/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            subjects.add(path.substring("/subjects/".length(), path.indexOf("/versions")));
            String schema = JSON.readTree(exchange.getRequestBody()).get("schema").asText();
            int id = idBySchema.computeIfAbsent(schema, s -> nextId.incrementAndGet());
            schemaById.put(id, schema);
            reply(exchange, 200, "{\"id\": " + id + "}");
        });
        registry.createContext("/schemas/ids/", exchange -> {
            int id = Integer.parseInt(exchange.getRequestURI().getPath().substring("/schemas/ids/".length()));
            String schema = schemaById.get(id);
            if (schema == null) {
                reply(exchange, 404, "{\"error_code\": 40403, \"message\": \"Schema not found\"}");
            } else {
                reply(exchange, 200, JSON.createObjectNode().put("schema", schema).toString());
            }
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void registersUnderTheTopicSubjectAndResolvesIdsInAnotherProcess() {
        String url = "http://127.0.0.1:" + registry.getAddress().getPort();
        byte[] wire = new AvroWireSerde<>(LlmRequest.class, SchemaIds.fromConfig(url)).serialize("llm.requests", Records.fullRequest());

        assertThat(subjects).containsExactly("llm.requests-value");
        assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).isEqualTo(42);
        // A fresh instance has an empty cache, as a consumer in another process would.
        LlmRequest read = new AvroWireSerde<>(LlmRequest.class, SchemaIds.fromConfig(url)).deserialize("llm.requests", wire);
        assertThat(read).isEqualTo(Records.fullRequest());
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsAClearError() {
        String url = "http://127.0.0.1:" + registry.getAddress().getPort();
        AvroWireSerde<LlmRequest> serde = new AvroWireSerde<>(LlmRequest.class, SchemaIds.fromConfig(url));
        assertThatThrownBy(() -> serde.deserialize("llm.requests", new byte[] {0, 0, 0, 0, 99, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema id 99").hasMessageContaining("schema registry");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
