package dev.switchyard.sim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI- and Anthropic-compatible LLM provider simulator: the provider of the demo, the
 * tests and the benchmarks. Each call runs on its own virtual thread, so thousands of slow
 * simulated calls cost little.
 */
public final class SimServer implements AutoCloseable {

    /** Connections waiting to be accepted: a benchmark opens thousands at once. */
    private static final int BACKLOG = 16_384;

    private final HttpServer server;
    private final ExecutorService threads;
    private final KnobBoard knobs;

    private SimServer(HttpServer server, ExecutorService threads, KnobBoard knobs) {
        this.server = server;
        this.threads = threads;
        this.knobs = knobs;
    }

    public static SimServer start(String host, int port, Knobs defaults) throws IOException {
        // The JDK server closes idle keep-alive connections beyond 200 by default; a client that
        // then reuses one gets "unexpected end of stream". Providers keep far more open.
        System.setProperty("sun.net.httpserver.maxIdleConnections",
                System.getProperty("sun.net.httpserver.maxIdleConnections", "100000"));
        KnobBoard board = new KnobBoard(defaults);
        Behaviour behaviour = new Behaviour(board);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        server.createContext("/v1/chat/completions", new OpenAiHandler(behaviour));
        server.createContext("/v1/messages", new AnthropicHandler(behaviour));
        server.createContext("/admin/", new AdminHandler(board, defaults));
        server.createContext("/health", exchange -> {
            try (exchange) {
                Http.sendJson(exchange, 200, Map.of("status", "UP"));
            }
        });
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.start();
        return new SimServer(server, threads, board);
    }

    private static Map<String, Map<String, Object>> readConfig(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), new TypeReference<>() {
        });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The root URL; OpenAI clients take {@code baseUrl() + "/v1"}, Anthropic clients take it as is. */
    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    public KnobBoard knobs() {
        return knobs;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /**
     * {@code provider-sim [--host H] [--port P] [--config knobs.yaml] [--latency-ms N] [--jitter-ms N] [--error-rate R]}.
     * The config file maps model ids (or {@code _default}) to knobs, e.g.
     * {@code gpt-4o: {latencyMs: 800, errorRate: 0.02}}; flags change the defaults after it.
     */
    public static void main(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = 0;
        Knobs defaults = Knobs.defaults();
        Map<String, Map<String, Object>> perModel = Map.of();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--config" -> {
                    perModel = readConfig(Path.of(value));
                    defaults = defaults.with(perModel.getOrDefault(KnobBoard.DEFAULT, Map.of()));
                }
                case "--latency-ms" -> defaults = defaults.with(Map.of("latencyMs", Integer.parseInt(value)));
                case "--jitter-ms" -> defaults = defaults.with(Map.of("jitterMs", Integer.parseInt(value)));
                case "--error-rate" -> defaults = defaults.with(Map.of("errorRate", Double.parseDouble(value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --host, --port, --config, --latency-ms, --jitter-ms, --error-rate");
            }
        }
        SimServer sim = start(host, port, defaults);
        for (Map.Entry<String, Map<String, Object>> model : perModel.entrySet()) {
            if (!model.getKey().equals(KnobBoard.DEFAULT)) {
                sim.knobs().set(model.getKey(), defaults.with(model.getValue()));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "provider-sim-shutdown"));
        System.out.println("provider-sim listening on " + sim.baseUrl());
    }
}
