package dev.switchyard.cli.stack;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.TopicProvisioner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real local Switchyard: a single-node KRaft broker from Maven Central's {@code kafka_2.13},
 * provider-sim, and the router, executor and cost services, each its own process on loopback.
 */
public final class LocalStack {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackOptions options;
    private final PrintStream out;
    private final Launcher launcher;

    public LocalStack(StackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.launcher = new Launcher(options.home());
    }

    /** Where this stack keeps its state, logs and data. */
    public Path home() {
        return options.home();
    }

    /** The running stack of this home, if every one of its processes is alive. */
    public static Optional<StackState> running(Path home) throws IOException {
        Optional<StackState> state = StackState.read(home);
        return state.filter(s -> s.alive().size() == s.pids().size());
    }

    public StackState up() throws IOException, InterruptedException {
        Optional<StackState> existing = StackState.read(options.home());
        if (existing.isPresent()) {
            if (existing.get().alive().size() == existing.get().pids().size()) {
                out.println("Switchyard is already up (bootstrap " + existing.get().bootstrapServers() + ").");
                return existing.get();
            }
            out.println("A previous stack is partly down; stopping what is left of it first.");
            down(options.home(), out);
        }
        Files.createDirectories(options.home());
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        String bootstrap;
        String simUrl;
        try {
            bootstrap = startBroker(pids, ports);
            KafkaSettings kafka = new KafkaSettings(bootstrap, "", "");
            List<String> providers = CatalogLoader.load(options.catalogPath()).providers().stream().map(ProviderSpec::id).toList();
            TopicProvisioner.ensure(kafka, providers, options.partitions());
            step("topics", "created (" + options.partitions() + " partitions each)");

            simUrl = "";
            if (options.components().contains("provider-sim")) {
                int simPort = FreePorts.next();
                StackOptions.Tuning sim = options.tuning("provider-sim");
                List<String> simArgs = new ArrayList<>(List.of("--port", Integer.toString(simPort),
                        "--latency-ms", Integer.toString(options.simLatencyMs()),
                        "--jitter-ms", Integer.toString(options.simLatencyMs() / 2)));
                simArgs.addAll(sim.args());
                pids.put("provider-sim", launcher.start("provider-sim", sim.heap(), sim.jvmArgs(), "dev.switchyard.sim.SimServer",
                        simArgs).pid());
                ports.put("provider-sim", simPort);
                simUrl = "http://127.0.0.1:" + simPort;
                awaitHttp("provider-sim", simUrl + "/health");
            }

            for (String service : SERVICES) {
                if (options.components().contains(service)) {
                    startService(service, bootstrap, simUrl, pids, ports);
                }
            }
            for (String service : SERVICES) {
                if (ports.containsKey(service)) {
                    awaitHttp(service, "http://127.0.0.1:" + ports.get(service) + "/actuator/health");
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            out.println("Start-up failed: " + e.getMessage() + ". Logs are in " + options.home().resolve("logs"));
            new StackState("", "", pids, ports).write(options.home());
            down(options.home(), out);
            throw e;
        }
        StackState state = new StackState(bootstrap, simUrl, pids, ports);
        state.write(options.home());
        out.println("Switchyard is up. Kafka at " + bootstrap + ", provider-sim at " + simUrl + ".");
        if (ports.containsKey("cost")) {
            // The token itself is not printed: terminals end up in logs.
            out.println("Cost API and dashboard at http://127.0.0.1:" + ports.get("cost") + "/#token=<token>, the token being "
                    + "the '*' line of " + options.home().resolve("cost-api-tokens") + ".");
        }
        return state;
    }

    private String startBroker(Map<String, Long> pids, Map<String, Integer> ports) throws IOException, InterruptedException {
        int port = FreePorts.orFree(options.kafkaPort());
        int controllerPort = FreePorts.next();
        Path dataDir = options.home().resolve("kafka-data");
        Path config = options.home().resolve("server.properties");
        Properties broker = new Properties();
        broker.setProperty("process.roles", "broker,controller");
        broker.setProperty("node.id", "1");
        broker.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        broker.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        broker.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        broker.setProperty("controller.listener.names", "CONTROLLER");
        broker.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        broker.setProperty("inter.broker.listener.name", "PLAINTEXT");
        broker.setProperty("log.dirs", dataDir.toString());
        broker.setProperty("num.partitions", Integer.toString(options.partitions()));
        broker.setProperty("offsets.topic.replication.factor", "1");
        broker.setProperty("transaction.state.log.replication.factor", "1");
        broker.setProperty("transaction.state.log.min.isr", "1");
        broker.setProperty("group.initial.rebalance.delay.ms", "0");
        broker.setProperty("auto.create.topics.enable", "false");
        BROKER_TUNING.forEach(broker::setProperty);
        try (var writer = Files.newBufferedWriter(config)) {
            broker.store(writer, "single-node KRaft broker of switchyard up");
        }
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            int formatted = launcher.run("kafka-format", "kafka.tools.StorageTool",
                    List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
                            "--ignore-formatted"));
            if (formatted != 0) {
                throw new IOException("formatting the Kafka data directory failed; see logs/kafka-format.log");
            }
        }
        pids.put("kafka", launcher.start("kafka", "1g", BROKER_JVM_OPTIONS, "kafka.Kafka", List.of(config.toString())).pid());
        ports.put("kafka", port);
        String bootstrap = "127.0.0.1:" + port;
        awaitBroker(bootstrap);
        return bootstrap;
    }

    /**
     * Starts one more service into this running stack, and records it so that {@code down}
     * stops it with the rest: the router benchmark fills Kafka before its router starts.
     */
    public StackState add(StackState running, String service) throws IOException, InterruptedException {
        Map<String, Long> pids = new LinkedHashMap<>(running.pids());
        Map<String, Integer> ports = new LinkedHashMap<>(running.ports());
        startService(service, running.bootstrapServers(), running.simUrl(), pids, ports);
        StackState state = new StackState(running.bootstrapServers(), running.simUrl(), pids, ports);
        state.write(options.home());
        awaitHttp(service, "http://127.0.0.1:" + ports.get(service) + "/actuator/health");
        return state;
    }

    /**
     * Stops a service of this running stack and starts another process of this classpath in its
     * place, with the service's heap and JVM options, recorded under {@code name} so that
     * {@code down} stops it: the router benchmark measures a bare Kafka Streams hop where the
     * router ran.
     */
    public StackState replace(StackState running, String service, String name, String mainClass, List<String> args)
            throws IOException, InterruptedException {
        Map<String, Long> pids = new LinkedHashMap<>(running.pids());
        Map<String, Integer> ports = new LinkedHashMap<>(running.ports());
        Long pid = pids.remove(service);
        if (pid == null) {
            throw new IllegalArgumentException(service + " is not running in this stack");
        }
        stop(service, pid, out);
        ports.remove(service);
        StackOptions.Tuning tuning = options.tuning(service);
        pids.put(name, launcher.start(name, tuning.heap(), tuning.jvmArgs(), mainClass, args).pid());
        StackState state = new StackState(running.bootstrapServers(), running.simUrl(), pids, ports);
        state.write(options.home());
        return state;
    }

    private static final List<String> SERVICES = List.of("router", "executor", "cost");

    private void startService(String name, String bootstrap, String simUrl, Map<String, Long> pids, Map<String, Integer> ports)
            throws IOException {
        int port = FreePorts.next();
        List<String> all = new ArrayList<>(List.of("--switchyard.kafka.bootstrap-servers=" + bootstrap,
                "--logging.level.org.apache.kafka=WARN", "--spring.main.banner-mode=off", "--server.port=" + port));
        String mainClass = switch (name) {
            case "router" -> {
                all.addAll(List.of("--switchyard.router.state-dir=" + options.home().resolve("state/router"),
                        "--switchyard.router.catalog-path=" + options.catalogPath()));
                yield "dev.switchyard.router.RouterApplication";
            }
            case "executor" -> {
                all.addAll(List.of("--switchyard.executor.base-url-override=" + simUrl,
                        // The local stack calls provider-sim, whose limits are its knobs, not the real providers'.
                        "--switchyard.executor.enforce-rate-limits=false",
                        "--switchyard.executor.catalog-path=" + options.catalogPath()));
                yield "dev.switchyard.executor.ExecutorApplication";
            }
            case "cost" -> {
                all.addAll(List.of("--switchyard.cost.state-dir=" + options.home().resolve("state/cost"),
                        "--switchyard.cost.api.tokens-file=" + ApiToken.ensure(options.home())));
                yield "dev.switchyard.cost.CostApplication";
            }
            default -> throw new IllegalArgumentException("no such service: " + name + "; one of " + SERVICES);
        };
        StackOptions.Tuning tuning = options.tuning(name);
        all.addAll(tuning.args());
        pids.put(name, launcher.start(name, tuning.heap(), tuning.jvmArgs(), mainClass, all).pid());
        ports.put(name, port);
    }

    /**
     * Broker settings that Switchyard's latency depends on; docker-compose.yml sets the same.
     * <p>
     * {@code add.partitions.to.txn.retry.backoff.ms}: a transaction's first write to a partition
     * waits until its producer's previous transaction has written its markers, a few milliseconds
     * after each commit, and the broker re-checks every 20 ms by default. Every exactly-once hop
     * writes just after its commits, so those writes waited out the 20 ms: at 1,000 records/s and
     * no linger, a Kafka Streams hop that copies records had a p99 of 21 ms with it, and 3-4 ms in
     * two runs of three with 1 ms (BENCHMARKS.md). The cost: a re-check every millisecond, for the
     * few milliseconds such a write waits.
     */
    public static final Map<String, String> BROKER_TUNING = Map.of("add.partitions.to.txn.retry.backoff.ms", "1");

    /**
     * What Kafka's own start script gives its broker (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS):
     * a fixed heap and short G1 pauses. With the JVM's defaults (a 200 ms pause goal, a heap that
     * grows and shrinks) the broker paused for up to 100 ms, and every client waited with it.
     */
    private static final List<String> BROKER_JVM_OPTIONS = List.of("-Xms1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent");

    private void awaitBroker(String bootstrap) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("request.timeout.ms", "2000");
        props.put("default.api.timeout.ms", "2000");
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    step("kafka", "ready at " + bootstrap);
                    return;
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        }
        throw new IOException("Kafka did not become ready within " + READY_TIMEOUT.toSeconds() + " s; see logs/kafka.log");
    }

    private void awaitHttp(String name, String url) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    step(name, "ready");
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IOException(name + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s; see logs/" + name + ".log");
    }

    private void step(String component, String what) {
        out.printf("  %-13s %s%n", component, what);
    }

    /** Stops exactly the processes {@code up} started in this home, newest first. */
    public static void down(Path home, PrintStream out) throws IOException, InterruptedException {
        Optional<StackState> state = StackState.read(home);
        if (state.isEmpty()) {
            out.println("Nothing to stop: no stack was started from " + home + ".");
            return;
        }
        List<String> components = new ArrayList<>(state.get().pids().keySet());
        java.util.Collections.reverse(components);
        for (String component : components) {
            stop(component, state.get().pids().get(component), out);
        }
        StackState.delete(home);
        out.println("Switchyard is down.");
    }

    /** Stops one process, if it is still the one we started under that pid. */
    private static void stop(String component, long pid, PrintStream out) throws InterruptedException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(LocalStack::startedByUs);
        if (process.isEmpty()) {
            return;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            process.get().destroyForcibly();
        }
        out.printf("  %-13s stopped (pid %d)%n", component, pid);
    }

    private static boolean startedByUs(ProcessHandle process) {
        return process.info().commandLine().map(line -> line.contains(Launcher.MARKER)).orElse(true);
    }
}
