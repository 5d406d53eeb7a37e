package dev.switchyard.sim;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.Map;

/**
 * Run-time control of the knobs:
 * <ul>
 *   <li>{@code GET /admin/knobs}: the knobs in force</li>
 *   <li>{@code PUT /admin/knobs/<model>} (or {@code _default}): change some knobs, e.g. {@code {"errorRate": 1}}</li>
 *   <li>{@code POST /admin/reset}: drop every per-model override</li>
 *   <li>{@code GET /admin/calls}: calls received per model</li>
 * </ul>
 */
final class AdminHandler implements Route {

    private final KnobBoard board;
    private final Knobs startDefaults;

    AdminHandler(KnobBoard board, Knobs startDefaults) {
        this.board = board;
        this.startDefaults = startDefaults;
    }

    @Override
    public void handle(SimExchange exchange) throws IOException {
        String path = exchange.path();
        String method = exchange.method();
        if (method.equals("GET") && path.equals("/admin/knobs")) {
            Http.sendJson(exchange, 200, board.snapshot());
        } else if (method.equals("GET") && path.equals("/admin/calls")) {
            Http.sendJson(exchange, 200, board.callCounts());
        } else if (method.equals("POST") && path.equals("/admin/reset")) {
            board.reset(startDefaults);
            Http.sendJson(exchange, 200, board.snapshot());
        } else if (method.equals("PUT") && path.startsWith("/admin/knobs/") && path.length() > "/admin/knobs/".length()) {
            String model = path.substring("/admin/knobs/".length());
            update(exchange, model);
        } else {
            Http.sendJson(exchange, 404, Map.of("error", "no such admin endpoint: " + method + " " + path));
        }
    }

    private void update(SimExchange exchange, String model) throws IOException {
        try {
            Map<String, Object> changes = Http.JSON.convertValue(Http.readJson(exchange), MAP);
            Knobs knobs = board.forModel(model).with(changes);
            board.set(model, knobs);
            Http.sendJson(exchange, 200, knobs);
        } catch (IllegalArgumentException | IOException e) {
            Http.sendJson(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
}
