package dev.switchyard.cli;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaConnection;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.TopicProvisioner;
import dev.switchyard.cost.CostApplication;
import dev.switchyard.executor.ExecutorApplication;
import dev.switchyard.router.RouterApplication;
import dev.switchyard.schema.topic.Topics;
import dev.switchyard.sim.Knobs;
import dev.switchyard.sim.SimServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline in one JVM for tests: a real KRaft broker ({@link TestBroker}), provider-sim over real
 * HTTP, and the router, executor and cost services as their Spring Boot applications.
 */
final class InProcessStack implements AutoCloseable {

    static final int PARTITIONS = 3;

    final TestBroker broker;
    final SimServer sim;
    final KafkaSettings kafka;
    final Topics topics;
    final Catalog catalog = CatalogLoader.defaultCatalog();
    private final Path stateDir;
    /** What every service is started with besides the bootstrap servers: how it connects (TLS, SASL). */
    private final List<String> connectionArgs;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();

    InProcessStack() throws IOException {
        this(TestBroker.start(PARTITIONS), KafkaConnection.PLAINTEXT, List.of());
    }

    /**
     * A stack on {@code broker}, which it closes: its own clients connect as {@code connection}
     * says, its services as {@code connectionArgs}, the same in Spring Boot's properties.
     */
    InProcessStack(TestBroker broker, KafkaConnection connection, List<String> connectionArgs) throws IOException {
        this(broker, connection, connectionArgs, (short) 1);
    }

    /** A stack whose topics have {@code replicationFactor} replicas each. */
    InProcessStack(TestBroker broker, KafkaConnection connection, List<String> connectionArgs, short replicationFactor) throws IOException {
        this.broker = broker;
        this.connectionArgs = List.copyOf(connectionArgs);
        kafka = new KafkaSettings(broker.bootstrapServers(), "", "", 0, replicationFactor, connection);
        topics = kafka.topics();
        TopicProvisioner.ensure(kafka, catalog.providers().stream().map(ProviderSpec::id).toList(), PARTITIONS);
        sim = SimServer.start("127.0.0.1", 0, Knobs.defaults());
        stateDir = Files.createTempDirectory("switchyard-test-state");
    }

    InProcessStack startServices() {
        startRouter("router-1");
        startExecutor();
        startCost();
        return this;
    }

    ConfigurableApplicationContext startExecutor(String... extraArgs) {
        List<String> args = new ArrayList<>(executorArgs());
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext executor = start(ExecutorApplication.application(), args.toArray(String[]::new));
        services.add(executor);
        return executor;
    }

    /** What an executor of this stack is started with, in this JVM or in another. */
    List<String> executorArgs() {
        return List.of("--switchyard.executor.base-url-override=" + sim.baseUrl(),
                "--switchyard.executor.enforce-rate-limits=false",
                "--switchyard.kafka.bootstrap-servers=" + kafka.bootstrapServers());
    }

    InProcessStack startCost() {
        services.add(start(CostApplication.application(), "--switchyard.cost.state-dir=" + stateDir.resolve("cost")));
        return this;
    }

    /** A cost-service instance with its query API and dashboard on {@code port}. */
    ConfigurableApplicationContext startCostWithApi(String instance, int port, Path tokensFile) {
        List<String> args = new ArrayList<>(List.of(
                "--switchyard.cost.state-dir=" + stateDir.resolve(instance),
                "--server.port=" + port,
                "--switchyard.cost.api.tokens-file=" + tokensFile));
        args.add("--switchyard.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        args.addAll(connectionArgs);
        args.add("--switchyard.cost.commit-interval-ms=50");
        ConfigurableApplicationContext cost = CostApplication.application().web(WebApplicationType.SERVLET)
                .run(args.toArray(String[]::new));
        services.add(cost);
        return cost;
    }

    /** What a cost service of this stack is started with, in this JVM or in another. */
    List<String> costArgs(String instance) {
        return List.of("--switchyard.cost.state-dir=" + stateDir.resolve(instance),
                "--switchyard.cost.commit-interval-ms=50",
                "--switchyard.kafka.bootstrap-servers=" + kafka.bootstrapServers());
    }

    /** A Spring Boot service in a JVM of its own, which a test can kill without a graceful shutdown. */
    static Process launch(String mainClass, List<String> args, String logName) throws IOException {
        Path log = Files.createTempFile(logName, ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), mainClass,
                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new java.io.File("/dev/null")).start();
    }

    ConfigurableApplicationContext startRouter(String instance, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--switchyard.router.state-dir=" + stateDir.resolve(instance)));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext router = start(RouterApplication.application(), args.toArray(String[]::new));
        services.add(router);
        return router;
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder application, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--switchyard.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        all.addAll(connectionArgs);
        all.add("--switchyard.router.commit-interval-ms=50");
        all.add("--switchyard.cost.commit-interval-ms=50");
        return application.web(WebApplicationType.NONE).run(all.toArray(String[]::new));
    }

    /** The meter registries of the services this stack started from {@code application}, their main class. */
    List<MeterRegistry> meters(Class<?> application) {
        return services.stream().filter(service -> service.getBeanNamesForType(application).length > 0)
                .map(service -> service.getBean(MeterRegistry.class)).toList();
    }

    @Override
    public void close() {
        services.reversed().forEach(ConfigurableApplicationContext::close);
        sim.close();
        broker.close();
    }
}
