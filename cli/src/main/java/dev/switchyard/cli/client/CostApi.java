package dev.switchyard.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** The cost service's query API, as the CLI uses it. Errors carry the API's own message. */
public final class CostApi {

    /** How long a query waits out a rebalancing cost service before giving up. */
    private static final Duration UNAVAILABLE_PATIENCE = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CostApi(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** The body of a GET; query parameters with null values are left out. */
    public String get(String path, Map<String, String> query) throws IOException, InterruptedException {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path + parameters))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response;
        long deadline = System.nanoTime() + UNAVAILABLE_PATIENCE.toNanos();
        while (true) {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IOException("the cost service at " + baseUrl + " did not answer: " + e.getMessage(), e);
            }
            // 503: the service's stores are rebalancing or restoring, which passes in seconds.
            if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1_000L * Math.max(1, Math.min(5, response.headers().firstValueAsLong("Retry-After").orElse(1))));
        }
        if (response.statusCode() == 404) {
            throw new NotFoundException(response.body());
        }
        if (response.statusCode() != 200) {
            throw new IOException("the cost service answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The API knows nothing of what was asked for (yet). */
    public static final class NotFoundException extends IOException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
