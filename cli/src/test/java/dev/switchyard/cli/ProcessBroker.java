package dev.switchyard.cli;

import dev.switchyard.cli.stack.FreePorts;
import dev.switchyard.core.kafka.KafkaConnection;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * Real KRaft brokers ({@code kafka.Kafka}), each node a broker and a controller in a JVM of its
 * own, on ports and data directories that stay the same across {@link #kill} and {@link #start}:
 * what a broker crash and restart look like to clients.
 *
 * <ul>
 *   <li>{@link #plaintext}: one node.</li>
 *   <li>{@link #cluster}: several nodes, every topic (internal ones too) replicated on each, a
 *       write taken once all but one have it: losing one node loses nothing.</li>
 *   <li>{@link #secured}: one node that listens to clients only with TLS: SASL_SSL (SCRAM-SHA-256
 *       and PLAIN) on the port {@link #bootstrapServers()} gives, and mutual TLS on
 *       {@link #mtlsBootstrapServers()}, with key stores made by the JDK's keytool.</li>
 * </ul>
 * Nodes talk to each other on plaintext listeners that no client is given.
 */
final class ProcessBroker implements TestBroker {

    static final String SCRAM_USER = "switchyard-svc";
    static final String SCRAM_PASSWORD = "scram-pa55-" + Uuid.randomUuid();
    static final String STORE_PASSWORD = "store-pa55";

    private final Path dir;
    private final boolean secured;
    private final List<Node> nodes = new ArrayList<>();

    /** One node: its id, configuration, client-facing ports and running JVM. */
    private static final class Node {
        final int id;
        final Path config;
        final Path log;
        final int clientPort = FreePorts.next();
        final int mtlsPort = FreePorts.next();
        final int internalPort = FreePorts.next();
        final int controllerPort = FreePorts.next();
        Process process;

        Node(int id, Path dir) {
            this.id = id;
            this.config = dir.resolve("server-" + id + ".properties");
            this.log = dir.resolve("broker-" + id + ".log");
        }
    }

    private ProcessBroker(boolean secured, int count, int partitions) throws IOException, InterruptedException {
        this.secured = secured;
        dir = Files.createTempDirectory("switchyard-broker");
        for (int id = 1; id <= count; id++) {
            nodes.add(new Node(id, dir));
        }
        String voters = String.join(",", nodes.stream().map(n -> n.id + "@127.0.0.1:" + n.controllerPort).toList());
        String replicas = Integer.toString(count);
        String inSync = Integer.toString(Math.max(1, count - 1));
        if (secured) {
            KeyStores.make(dir);
        }
        String clusterId = Uuid.randomUuid().toString();
        for (Node node : nodes) {
            Properties broker = new Properties();
            broker.setProperty("process.roles", "broker,controller");
            broker.setProperty("node.id", Integer.toString(node.id));
            broker.setProperty("controller.quorum.voters", voters);
            broker.setProperty("controller.listener.names", "CONTROLLER");
            broker.setProperty("inter.broker.listener.name", "INTERNAL");
            String clients = secured
                    ? "SASL_SSL://127.0.0.1:" + node.clientPort + ",SSL://127.0.0.1:" + node.mtlsPort
                    : "PLAINTEXT://127.0.0.1:" + node.clientPort;
            broker.setProperty("listeners", clients + ",INTERNAL://127.0.0.1:" + node.internalPort
                    + ",CONTROLLER://127.0.0.1:" + node.controllerPort);
            broker.setProperty("advertised.listeners", clients + ",INTERNAL://127.0.0.1:" + node.internalPort);
            broker.setProperty("listener.security.protocol.map",
                    "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            broker.setProperty("log.dirs", dir.resolve("data-" + node.id).toString());
            broker.setProperty("num.partitions", Integer.toString(partitions));
            broker.setProperty("default.replication.factor", replicas);
            broker.setProperty("min.insync.replicas", inSync);
            broker.setProperty("offsets.topic.replication.factor", replicas);
            broker.setProperty("transaction.state.log.replication.factor", replicas);
            broker.setProperty("transaction.state.log.min.isr", inSync);
            broker.setProperty("group.initial.rebalance.delay.ms", "0");
            broker.setProperty("auto.create.topics.enable", "false");
            if (secured) {
                broker.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-256,PLAIN");
                broker.setProperty("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                broker.setProperty("listener.name.sasl_ssl.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SCRAM_USER + "=\"" + SCRAM_PASSWORD + "\";");
                stores(broker, KeyStores.BROKER_KEYS, KeyStores.BROKER_TRUSTS);
                broker.setProperty("listener.name.ssl.ssl.client.auth", "required");
            }
            try (Writer writer = Files.newBufferedWriter(node.config)) {
                broker.store(writer, "test broker " + node.id);
            }
            List<String> format = new ArrayList<>(List.of("format", "--cluster-id", clusterId, "--config", node.config.toString()));
            if (secured) {
                format.addAll(List.of("--add-scram", "SCRAM-SHA-256=[name=" + SCRAM_USER + ",password=" + SCRAM_PASSWORD + "]"));
            }
            Path formatLog = dir.resolve("format-" + node.id + ".log");
            Process formatting = java("kafka.tools.StorageTool", format, formatLog);
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                throw new IOException("formatting the broker's storage failed: " + Files.readString(formatLog));
            }
        }
        for (Node node : nodes) {
            node.process = java("kafka.Kafka", List.of(node.config.toString()), node.log);
        }
        awaitAnswering(count);
    }

    static ProcessBroker plaintext(int partitions) throws IOException, InterruptedException {
        return new ProcessBroker(false, 1, partitions);
    }

    /** {@code count} nodes; topics created here should have {@code count} replicas. */
    static ProcessBroker cluster(int count, int partitions) throws IOException, InterruptedException {
        return new ProcessBroker(false, count, partitions);
    }

    static ProcessBroker secured(int partitions) throws IOException, InterruptedException {
        return new ProcessBroker(true, 1, partitions);
    }

    /** Starts every node that is down (again, on the same ports and data) and waits until all answer. */
    void start() throws IOException, InterruptedException {
        for (Node node : nodes) {
            if (node.process == null || !node.process.isAlive()) {
                node.process = java("kafka.Kafka", List.of(node.config.toString()), node.log);
            }
        }
        awaitAnswering(nodes.size());
    }

    private void awaitAnswering(int brokers) throws IOException, InterruptedException {
        try (Admin admin = Admin.create(new dev.switchyard.core.kafka.KafkaSettings(bootstrapServers(), "", "").with(connection()).admin())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() >= brokers) {
                        return;
                    }
                } catch (Exception e) {
                    if (nodes.stream().anyMatch(n -> !n.process.isAlive()) || System.nanoTime() > deadline) {
                        throw new IOException("the brokers did not start: " + Files.readString(nodes.getFirst().log), e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("only some brokers joined the cluster");
                }
                Thread.sleep(200);
            }
        }
    }

    /** Kills every node at once, as a crashed host or {@code kill -9} would. */
    void kill() throws InterruptedException {
        for (Node node : nodes) {
            kill(node.id);
        }
    }

    /** Kills one node at once. */
    void kill(int nodeId) throws InterruptedException {
        Node node = nodes.get(nodeId - 1);
        node.process.destroyForcibly();
        node.process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public String bootstrapServers() {
        return String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.clientPort).toList());
    }

    /** How a client reaches {@link #bootstrapServers()}: SASL_SSL with SCRAM-SHA-256 when secured. */
    KafkaConnection connection() {
        if (!secured) {
            return KafkaConnection.PLAINTEXT;
        }
        return KafkaConnection.of(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + SCRAM_USER
                        + "\" password=\"" + SCRAM_PASSWORD + "\";",
                "ssl.truststore.location", dir.resolve(KeyStores.CLIENT_TRUSTS).toString(),
                "ssl.truststore.password", STORE_PASSWORD,
                "ssl.truststore.type", "PKCS12"));
    }

    /** The same connection as Spring Boot's own properties, as an operator would give a service. */
    List<String> springArgs() {
        if (!secured) {
            return List.of();
        }
        return List.of("--spring.kafka.security.protocol=SASL_SSL",
                "--spring.kafka.ssl.trust-store-location=file:" + dir.resolve(KeyStores.CLIENT_TRUSTS),
                "--spring.kafka.ssl.trust-store-password=" + STORE_PASSWORD,
                "--spring.kafka.ssl.trust-store-type=PKCS12",
                "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-256",
                "--spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + SCRAM_USER + "\" password=\"" + SCRAM_PASSWORD + "\";");
    }

    String mtlsBootstrapServers() {
        return "127.0.0.1:" + nodes.getFirst().mtlsPort;
    }

    /** A Kafka client properties file for mutual TLS, as the CLI's --kafka-config takes. */
    Path mtlsClientConfig() throws IOException {
        Path file = dir.resolve("mtls-client.properties");
        Properties props = new Properties();
        props.setProperty("security.protocol", "SSL");
        stores(props, KeyStores.CLIENT_KEYS, KeyStores.CLIENT_TRUSTS);
        try (Writer writer = Files.newBufferedWriter(file)) {
            props.store(writer, null);
        }
        return file;
    }

    /** The key store and trust store settings of a broker or client, PKCS12 files of this broker's directory. */
    private void stores(Properties props, String keys, String trusts) {
        props.setProperty("ssl.keystore.location", dir.resolve(keys).toString());
        props.setProperty("ssl.keystore.password", STORE_PASSWORD);
        props.setProperty("ssl.keystore.type", "PKCS12");
        props.setProperty("ssl.truststore.location", dir.resolve(trusts).toString());
        props.setProperty("ssl.truststore.password", STORE_PASSWORD);
        props.setProperty("ssl.truststore.type", "PKCS12");
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process java(String mainClass, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new java.io.File("/dev/null")).start();
    }

    /** Self-signed key pairs for the broker (for 127.0.0.1) and a client, each trusting the other, made with keytool. */
    static final class KeyStores {
        static final String BROKER_KEYS = "broker.p12";
        static final String BROKER_TRUSTS = "broker-trusts.p12";
        static final String CLIENT_KEYS = "client.p12";
        static final String CLIENT_TRUSTS = "client-trusts.p12";

        static void make(Path dir) throws IOException, InterruptedException {
            keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", BROKER_KEYS);
            keytool(dir, "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=switchyard-client", "-keystore", CLIENT_KEYS);
            keytool(dir, "-exportcert", "-alias", "broker", "-keystore", BROKER_KEYS, "-file", "broker.crt");
            keytool(dir, "-exportcert", "-alias", "client", "-keystore", CLIENT_KEYS, "-file", "client.crt");
            keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", "broker.crt", "-keystore", CLIENT_TRUSTS);
            keytool(dir, "-importcert", "-noprompt", "-alias", "client", "-file", "client.crt", "-keystore", BROKER_TRUSTS);
        }

        private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
            command.addAll(List.of(args));
            command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
            if (args[0].equals("-genkeypair")) {
                command.addAll(List.of("-keypass", STORE_PASSWORD));
            }
            Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        }
    }
}
