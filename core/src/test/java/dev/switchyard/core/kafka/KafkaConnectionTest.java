package dev.switchyard.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only how clients connect is taken from outside, never a setting the guarantees rest on; every
 * client of a process gets it; and what is logged of it names properties, never their values.
 */
class KafkaConnectionTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"s3cret-pa55\";";

    @Test
    void takesSecurityProtocolSslAndSaslAndNothingElse() {
        Map<String, Object> given = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/trust.p12", "enable.idempotence", "false", "bootstrap.servers", List.of("a:1", "b:2"));
        KafkaConnection connection = KafkaConnection.of(given);
        assertThat(connection.properties()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
        assertThat(KafkaConnection.ignored(given)).containsExactly("bootstrap.servers", "enable.idempotence");
    }

    @Test
    void everyClientConnectsAsItSaysAndKeepsSwitchyardsOwnSettings() {
        KafkaSettings settings = new KafkaSettings("broker:9093", "", "").with(KafkaConnection.of(Map.of(
                "security.protocol", "SSL", "ssl.keystore.location", "/etc/client.p12")));
        for (var props : List.of(settings.producer("p"), settings.transactionalProducer("t"), settings.consumer("g", "c"),
                settings.admin(), settings.streams("app", "/tmp/state", 100))) {
            assertThat(props).containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.location", "/etc/client.p12")
                    .containsEntry("bootstrap.servers", "broker:9093");
        }
        assertThat(settings.producer("p")).containsEntry("enable.idempotence", true).containsEntry("acks", "all");
    }

    @Test
    void aClientPropertiesFileWithAnotherSettingIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.properties"), "security.protocol=SSL\nssl.keystore.password=k3y-pa55\n");
        assertThat(KafkaConnection.fromFile(good).properties()).containsEntry("security.protocol", "SSL");
        Path bad = Files.writeString(dir.resolve("bad.properties"), "security.protocol=SSL\nacks=1\n");
        assertThatThrownBy(() -> KafkaConnection.fromFile(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks");
    }

    @Test
    void whatIsLoggedNamesThePropertiesNeverTheirValues() {
        KafkaSettings settings = new KafkaSettings("broker:9093", "", "").with(KafkaConnection.of(Map.of("sasl.jaas.config", JAAS)));
        assertThat(settings.connection().toString()).contains("sasl.jaas.config").doesNotContain("s3cret-pa55");
        assertThat(settings.toString()).doesNotContain("s3cret-pa55");
    }
}
