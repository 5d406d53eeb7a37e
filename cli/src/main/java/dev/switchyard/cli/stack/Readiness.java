package dev.switchyard.cli.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * When a component of the local stack is ready, and how healthy it says it is now: the broker
 * once it answers metadata requests, the others once their health endpoint answers "UP".
 */
final class Readiness {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).build();

    private final PrintStream out;

    Readiness(PrintStream out) {
        this.out = out;
    }

    /**
     * Waits until this component of the state is ready; one without a health path is ready once
     * started. Fails at once when its process exits, say because its port was taken meanwhile.
     */
    void await(StackState state, String component) throws IOException, InterruptedException {
        Integer port = state.ports().get(component);
        Launch launch = state.launches().get(component);
        if (port == null || launch == null) {
            return;
        }
        BooleanSupplier alive = () -> state.isAlive(component);
        if (component.equals(LocalStack.BROKER)) {
            awaitBroker("127.0.0.1:" + port, alive);
        } else if (!launch.healthPath().isBlank()) {
            awaitHttp(component, healthUrl(port, launch), alive);
        }
    }

    private void awaitBroker(String bootstrap, BooleanSupplier alive) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("request.timeout.ms", Long.toString(ASK_TIMEOUT.toMillis()));
        props.put("default.api.timeout.ms", Long.toString(ASK_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                requireAlive(LocalStack.BROKER, alive);
                try {
                    admin.describeCluster().nodes().get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    step(LocalStack.BROKER, "ready at " + bootstrap);
                    return;
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        }
        throw new IOException("Kafka did not become ready within " + READY_TIMEOUT.toSeconds() + " s; see logs/kafka.log");
    }

    private void awaitHttp(String name, String url, BooleanSupplier alive) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive(name, alive);
            if (isUp(url)) {
                step(name, "ready");
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException(name + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s; see logs/" + name + ".log");
    }

    private static void requireAlive(String name, BooleanSupplier alive) throws IOException {
        if (!alive.getAsBoolean()) {
            throw new IOException(name + " exited while starting; see logs/" + name + ".log");
        }
    }

    /**
     * What the component's health endpoint says now ("UP", "DOWN" or "no answer"); empty for
     * one that has no health endpoint, such as the broker.
     */
    static Optional<String> health(StackState state, String component) throws InterruptedException {
        Integer port = state.ports().get(component);
        Launch launch = state.launches().get(component);
        if (port == null || launch == null || launch.healthPath().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ask(healthUrl(port, launch)));
    }

    private static boolean isUp(String url) throws InterruptedException {
        return ask(url).equals("UP");
    }

    private static String ask(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(ASK_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"") ? "UP" : "DOWN";
        } catch (IOException noAnswer) {
            return "no answer";
        }
    }

    private static String healthUrl(int port, Launch launch) {
        return "http://127.0.0.1:" + port + launch.healthPath();
    }

    private void step(String component, String what) {
        out.printf("  %-13s %s%n", component, what);
    }
}
