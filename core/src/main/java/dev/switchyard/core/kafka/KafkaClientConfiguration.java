package dev.switchyard.core.kafka;

import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link KafkaSettings} of a service: {@code switchyard.kafka.*}, with the connection (TLS,
 * SASL) taken from Spring Boot's own {@code spring.kafka.*}: {@code spring.kafka.security.protocol},
 * {@code spring.kafka.ssl.*} and {@code spring.kafka.properties.sasl.*} (or {@code .ssl.*}), as
 * for any Spring Boot Kafka application. Each service imports it; Spring Boot's own Kafka
 * auto-configuration, which would build clients nobody uses, is left out.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaProperties.class)
public class KafkaClientConfiguration {

    @Bean
    KafkaSettings kafkaSettings(Environment environment, KafkaProperties spring) {
        KafkaSettings settings = Binder.get(environment).bindOrCreate("switchyard.kafka", KafkaSettings.class);
        var clientProperties = spring.buildAdminProperties();
        List<String> ignored = KafkaConnection.ignored(spring.getProperties());
        if (!ignored.isEmpty()) {
            LoggerFactory.getLogger(KafkaClientConfiguration.class).warn(
                    "spring.kafka.properties: only security.protocol, ssl.* and sasl.* are taken; ignoring {}", ignored);
        }
        return settings.with(KafkaConnection.of(clientProperties));
    }
}
