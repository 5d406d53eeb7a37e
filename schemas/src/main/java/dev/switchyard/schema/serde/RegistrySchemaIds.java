package dev.switchyard.schema.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Schema ids from a Confluent-compatible registry, through its REST API: register under the
 * topic's {@code <topic>-value} subject (TopicNameStrategy, as Confluent's serde does), and
 * look up writer schemas by id. Both directions are cached: ids are immutable in a registry.
 */
final class RegistrySchemaIds implements SchemaIds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    RegistrySchemaIds(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public int idFor(String topic, Schema schema) {
        String subject = topic + "-value";
        return idBySubjectAndSchema.computeIfAbsent(subject + '\n' + schema, key -> {
            JsonNode body = call(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("schema", schema.toString()).toString())),
                    "register " + schema.getFullName() + " under " + subject);
            int id = body.path("id").asInt();
            schemaById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaFor(int id) {
        return schemaById.computeIfAbsent(id, key -> {
            JsonNode body = call(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET(), "look up schema id " + id);
            return new Schema.Parser().parse(body.path("schema").asText());
        });
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404 && what.startsWith("look up")) {
                throw new UnknownSchemaIdException(Integer.parseInt(what.substring(what.lastIndexOf(' ') + 1)),
                        "not in the schema registry at " + baseUrl);
            }
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("schema registry refused to " + what + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("schema registry at " + baseUrl + " unreachable, could not " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
