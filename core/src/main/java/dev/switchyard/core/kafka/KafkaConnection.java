package dev.switchyard.core.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a process's Kafka clients authenticate and encrypt: the {@code security.protocol},
 * {@code ssl.*} and {@code sasl.*} client properties, the same for its Streams apps, producers,
 * consumers and admin clients (SASL_SSL with PLAIN or SCRAM, mutual TLS, ...).
 *
 * <p>Only these are taken. Every other client setting is Switchyard's own ({@link KafkaSettings}):
 * idempotence, acks, isolation and the exactly-once guarantee are what the product's promises
 * rest on, so a file or a {@code spring.kafka.properties.*} entry cannot quietly change them.
 *
 * <p>Values may hold secrets (a JAAS config's password, a key store's): {@link #toString()} names
 * the properties only, so that logging the settings never logs a secret.
 */
public record KafkaConnection(Map<String, String> properties) {

    /** No properties: the clients' default, plaintext without authentication. */
    public static final KafkaConnection PLAINTEXT = new KafkaConnection(Map.of());

    public KafkaConnection {
        properties = Map.copyOf(properties);
    }

    /** The connection properties among {@code clientProperties}; see {@link #ignored} for the rest. */
    public static KafkaConnection of(Map<?, ?> clientProperties) {
        Map<String, String> taken = new TreeMap<>();
        clientProperties.forEach((key, value) -> {
            if (value != null && isConnection(key.toString())) {
                taken.put(key.toString(), value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                        : value.toString());
            }
        });
        return new KafkaConnection(taken);
    }

    /** The names among {@code clientProperties} that {@link #of} does not take. */
    public static List<String> ignored(Map<?, ?> clientProperties) {
        TreeSet<String> names = new TreeSet<>();
        clientProperties.keySet().forEach(key -> {
            if (!isConnection(key.toString())) {
                names.add(key.toString());
            }
        });
        return List.copyOf(names);
    }

    /**
     * A Kafka client properties file, as the Kafka tools take with {@code --command-config}; a
     * property other than a connection one is an error, not silently dropped.
     */
    public static KafkaConnection fromFile(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        List<String> ignored = ignored(props);
        if (!ignored.isEmpty()) {
            throw new IllegalArgumentException(file + ": only security.protocol, ssl.* and sasl.* client properties are taken, not "
                    + String.join(", ", ignored));
        }
        return of(props);
    }

    static boolean isConnection(String name) {
        return name.equals("security.protocol") || name.startsWith("ssl.") || name.startsWith("sasl.");
    }

    /** The names set, never their values. */
    @Override
    public String toString() {
        return "KafkaConnection" + new TreeSet<>(properties.keySet());
    }
}
