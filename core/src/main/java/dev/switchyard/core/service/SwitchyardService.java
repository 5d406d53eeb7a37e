package dev.switchyard.core.service;

import dev.switchyard.core.kafka.KafkaClientConfiguration;
import dev.switchyard.core.management.MetricsAccessConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A Switchyard service's application class: a Spring Boot application whose Kafka clients all
 * connect as {@link KafkaClientConfiguration} says and whose actuator {@link MetricsAccessConfiguration}
 * guards. Spring Boot's own Kafka auto-configuration is left out: it would build a template, an
 * admin and their metrics that no service uses, since each builds its clients from
 * {@link dev.switchyard.core.kafka.KafkaSettings}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootApplication(exclude = {KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class})
@Import({KafkaClientConfiguration.class, MetricsAccessConfiguration.class})
public @interface SwitchyardService {
}
