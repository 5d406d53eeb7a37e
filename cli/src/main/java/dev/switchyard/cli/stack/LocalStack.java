package dev.switchyard.cli.stack;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.TopicProvisioner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A real local Switchyard: a single-node KRaft broker from Maven Central's {@code kafka_2.13},
 * provider-sim, and the router, executor and cost services, each its own process on loopback.
 */
public final class LocalStack {

    static final String BROKER = "kafka";
    static final String PROVIDER_SIM = "provider-sim";
    private static final List<String> SERVICES = List.of("router", "executor", "cost");

    private final StackOptions options;
    private final PrintStream out;
    private final Launcher launcher;
    private final ServiceControl control;
    private final Readiness readiness;

    public LocalStack(StackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.launcher = new Launcher(options.home());
        this.control = new ServiceControl(options.home(), out);
        this.readiness = new Readiness(out);
    }

    /** Where this stack keeps its state, logs and data. */
    public Path home() {
        return options.home();
    }

    /** The running stack of this home, if every one of its processes is alive. */
    public static Optional<StackState> running(Path home) throws IOException {
        Optional<StackState> state = StackState.read(home);
        return state.filter(s -> s.dead().isEmpty());
    }

    /**
     * Starts the stack; of a stack that is partly down, only what is down, as it was started
     * before (same ports and arguments, whatever options are given now), keeping what runs.
     */
    public StackState up() throws IOException, InterruptedException {
        Optional<StackState> existing = StackState.read(options.home());
        if (existing.isPresent()) {
            StackState previous = existing.get();
            List<String> dead = previous.dead();
            if (dead.isEmpty()) {
                out.println("Switchyard is already up (bootstrap " + previous.bootstrapServers() + ").");
                return previous;
            }
            boolean partlyUp = dead.size() < previous.pids().size();
            if (partlyUp && ServiceControl.canStartAgain(previous)) {
                return startDead(previous, dead);
            }
            if (partlyUp) {
                out.println("A previous stack is partly down; stopping what is left of it first.");
            }
            down(options.home(), out);
        }
        Files.createDirectories(options.home());
        StackState state = StackState.empty();
        try {
            state = startBroker(state);
            KafkaSettings kafka = new KafkaSettings(state.bootstrapServers(), "", "");
            List<String> providers = CatalogLoader.load(options.catalogPath()).providers().stream().map(ProviderSpec::id).toList();
            TopicProvisioner.ensure(kafka, providers, options.partitions());
            step("topics", "created (" + options.partitions() + " partitions each)");

            if (options.components().contains(PROVIDER_SIM)) {
                state = startProviderSim(state);
                readiness.await(state, PROVIDER_SIM);
            }
            for (String service : SERVICES) {
                if (options.components().contains(service)) {
                    state = startService(state, service);
                }
            }
            for (String service : SERVICES) {
                readiness.await(state, service);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            out.println("Start-up failed: " + e.getMessage() + ". Logs are in " + options.home().resolve("logs"));
            down(options.home(), out);
            throw e;
        }
        reportUp(state);
        return state;
    }

    /** Leaves the live components alone: the broker's clients and the services reconnect by themselves. */
    private StackState startDead(StackState previous, List<String> dead) throws IOException, InterruptedException {
        out.println("Switchyard is partly up; starting " + String.join(", ", dead) + " again as before.");
        StackState state;
        try {
            state = control.startDead(previous);
        } catch (IOException | RuntimeException | InterruptedException e) {
            out.println("Start-up failed: " + e.getMessage() + ". Logs are in " + options.home().resolve("logs")
                    + "; 'switchyard status' shows what runs.");
            throw e;
        }
        reportUp(state);
        return state;
    }

    private void reportUp(StackState state) {
        out.println("Switchyard is up. Kafka at " + state.bootstrapServers() + ", provider-sim at " + state.simUrl() + ".");
        if (state.ports().containsKey("cost")) {
            // The token itself is not printed: terminals end up in logs.
            out.println("Cost API and dashboard at http://127.0.0.1:" + state.ports().get("cost") + "/#token=<token>, the token being "
                    + "the '*' line of " + options.home().resolve("cost-api-tokens") + ".");
        }
    }

    private StackState startProviderSim(StackState state) throws IOException {
        int port = FreePorts.next();
        StackOptions.Tuning sim = options.tuning(PROVIDER_SIM);
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port),
                "--latency-ms", Integer.toString(options.simLatencyMs()),
                "--jitter-ms", Integer.toString(options.simLatencyMs() / 2)));
        args.addAll(sim.args());
        return control.start(state.withSimUrl("http://127.0.0.1:" + port),
                new Launch(PROVIDER_SIM, sim.heap(), sim.jvmArgs(), "dev.switchyard.sim.SimServer", args, "/health"), port);
    }

    private StackState startBroker(StackState state) throws IOException, InterruptedException {
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
        StackState started = control.start(state.withBootstrapServers("127.0.0.1:" + port),
                new Launch(BROKER, "1g", BROKER_JVM_OPTIONS, "kafka.Kafka", List.of(config.toString()), ""), port);
        readiness.await(started, BROKER);
        return started;
    }

    /**
     * Starts one more service into this running stack, and records it so that {@code down}
     * stops it with the rest: the router benchmark fills Kafka before its router starts.
     */
    public StackState add(StackState running, String service) throws IOException, InterruptedException {
        StackState state = startService(running, service);
        readiness.await(state, service);
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
        Long pid = running.pids().get(service);
        if (pid == null) {
            throw new IllegalArgumentException(service + " is not running in this stack");
        }
        Launcher.stop(service, pid, out);
        StackOptions.Tuning tuning = options.tuning(service);
        return control.start(running.without(service), new Launch(name, tuning.heap(), tuning.jvmArgs(), mainClass, args, ""), null);
    }

    private StackState startService(StackState state, String name) throws IOException {
        int port = FreePorts.next();
        List<String> all = new ArrayList<>(List.of("--switchyard.kafka.bootstrap-servers=" + state.bootstrapServers(),
                "--logging.level.org.apache.kafka=WARN", "--spring.main.banner-mode=off", "--server.port=" + port));
        String mainClass = switch (name) {
            case "router" -> {
                all.addAll(List.of("--switchyard.router.state-dir=" + options.home().resolve("state/router"),
                        "--switchyard.router.catalog-path=" + options.catalogPath()));
                yield "dev.switchyard.router.RouterApplication";
            }
            case "executor" -> {
                all.addAll(List.of("--switchyard.executor.base-url-override=" + state.simUrl(),
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
        return control.start(state, new Launch(name, tuning.heap(), tuning.jvmArgs(), mainClass, all, "/actuator/health"), port);
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
            Launcher.stop(component, state.get().pids().get(component), out);
        }
        StackState.delete(home);
        out.println("Switchyard is down.");
    }
}
