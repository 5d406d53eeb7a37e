package dev.switchyard.cost.query.internal;

import dev.switchyard.core.kafka.ManagedStreams;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a query's data lives among the cost-service instances, and how to get it there. A key's
 * query is answered by the instance whose task holds the key's partition; any other instance
 * forwards the request, with the caller's token, and returns the answer unchanged. A query over
 * every tenant asks each instance for what it holds locally ({@code scope=local}) and merges.
 */
public final class Instances {

    /** Asks an instance to answer from its own stores only, never forwarding again. */
    public static final String LOCAL_SCOPE = "scope=local";

    private final ManagedStreams streams;
    private final HostInfo self;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Instances(ManagedStreams streams, HostInfo self, JsonMapper json) {
        this.streams = streams;
        this.self = self;
        this.json = json;
    }

    /** The answer for a key: computed here if this instance holds it, else the holder's answer. */
    public ResponseEntity<?> answer(String store, String key, StreamPartitioner<? super String, ?> partitioner,
                                    HttpServletRequest request, Supplier<ResponseEntity<?>> local) {
        KeyQueryMetadata owner = metadata(() -> partitioner == null
                ? streams.kafkaStreams().queryMetadataForKey(store, key, (Serializer<String>) new StringSerializer())
                : streams.kafkaStreams().queryMetadataForKey(store, key, partitioner));
        if (owner == KeyQueryMetadata.NOT_AVAILABLE || owner.activeHost() == null) {
            throw new StoreUnavailableException("the owner of '" + key + "' is not known yet (rebalancing)", null);
        }
        if (owner.activeHost().equals(self)) {
            return local.get();
        }
        if (isLocalScope(request)) {
            throw new StoreUnavailableException("'" + key + "' moved from this instance (rebalancing)", null);
        }
        return forward(owner.activeHost(), request, false);
    }

    /** What every other instance holds locally, for a query over all tenants. */
    public <T> List<T> fromOthers(String store, HttpServletRequest request, Class<T> rowType) {
        if (isLocalScope(request)) {
            return List.of();
        }
        List<T> rows = new ArrayList<>();
        for (StreamsMetadata instance : metadata(() -> streams.kafkaStreams().streamsMetadataForStore(store))) {
            if (!instance.hostInfo().equals(self)) {
                ResponseEntity<byte[]> answer = forward(instance.hostInfo(), request, true);
                rows.addAll(json.readValue(answer.getBody(),
                        json.getTypeFactory().constructCollectionType(List.class, rowType)));
            }
        }
        return rows;
    }

    public <V> ReadOnlyKeyValueStore<String, V> local(String store) {
        return metadata(() -> streams.kafkaStreams().store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())));
    }

    private ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request, boolean localScope) {
        String query = request.getQueryString();
        if (localScope) {
            // Rows to merge come back as JSON whatever the caller's format; the caller's format applies to the merge.
            StringBuilder only = new StringBuilder(LOCAL_SCOPE);
            request.getParameterMap().forEach((name, values) -> {
                if (!name.equals("format") && !name.equals("scope")) {
                    for (String value : values) {
                        only.append('&').append(encode(name)).append('=').append(encode(value));
                    }
                }
            });
            query = only.toString();
        }
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + request.getRequestURI() + (query == null ? "" : "?" + query));
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            forwarded.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try {
            HttpResponse<byte[]> response = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (localScope && response.statusCode() != 200) {
                throw new StoreUnavailableException("instance " + host + " answered " + response.statusCode(), null);
            }
            return ResponseEntity.status(response.statusCode())
                    .contentType(MediaType.parseMediaType(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                            .orElse(MediaType.APPLICATION_JSON_VALUE)))
                    .body(response.body());
        } catch (IOException e) {
            throw new StoreUnavailableException("instance " + host + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isLocalScope(HttpServletRequest request) {
        return "local".equals(request.getParameter("scope"));
    }

    private static <T> T metadata(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new StoreUnavailableException("the cost stores are not ready: " + e.getMessage(), e);
        }
    }
}
