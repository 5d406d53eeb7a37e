package dev.switchyard.cli;

import dev.switchyard.cli.stack.StackState;
import dev.switchyard.core.kafka.KafkaConnection;
import dev.switchyard.core.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local stack lives, and how a client command reaches Kafka. */
public final class HomeOption {

    @Option(names = "--home", defaultValue = "${env:SWITCHYARD_HOME:-.switchyard}",
            description = "Directory of the local stack: data, logs, state (env SWITCHYARD_HOME; default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:SWITCHYARD_BOOTSTRAP_SERVERS}",
            description = "Kafka to talk to (env SWITCHYARD_BOOTSTRAP_SERVERS); default: the local stack's.")
    String bootstrapServers;

    @Option(names = "--kafka-config", defaultValue = "${env:SWITCHYARD_KAFKA_CONFIG}", paramLabel = "FILE",
            description = "Kafka client properties for TLS and SASL: security.protocol, ssl.*, sasl.*, as the Kafka tools' "
                    + "--command-config (env SWITCHYARD_KAFKA_CONFIG).")
    Path kafkaConfig;

    public Path home() {
        return home.toAbsolutePath();
    }

    /** Kafka of the flag or environment, else of the local stack; fails clearly when there is none. */
    public KafkaSettings kafka() throws IOException {
        KafkaConnection connection = kafkaConfig == null ? KafkaConnection.PLAINTEXT : KafkaConnection.fromFile(kafkaConfig);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return new KafkaSettings(bootstrapServers, "", "").with(connection);
        }
        StackState state = StackState.read(home()).orElseThrow(() -> new NotRunningException(
                "no Switchyard stack in " + home() + ": run 'switchyard up' or pass --bootstrap-servers"));
        return new KafkaSettings(state.bootstrapServers(), "", "").with(connection);
    }

    /** A client command found no stack to talk to. */
    public static final class NotRunningException extends RuntimeException {
        public NotRunningException(String message) {
            super(message);
        }
    }
}
