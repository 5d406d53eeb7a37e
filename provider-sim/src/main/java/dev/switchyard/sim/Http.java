package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The few HTTP chores every handler shares. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    static JsonNode readJson(SimExchange exchange) throws IOException {
        byte[] body = exchange.body();
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    static void sendJson(SimExchange exchange, int status, Object body) throws IOException {
        exchange.send(status, "application/json", JSON.writeValueAsBytes(body));
    }

    static String bearerOrKey(SimExchange exchange) {
        String apiKey = exchange.header("x-api-key");
        if (apiKey != null) {
            return apiKey;
        }
        String authorization = exchange.header("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }
}
