package dev.switchyard.cost;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.ManagedStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties({KafkaSettings.class, CostProperties.class})
public class CostApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** Every service shares one classpath in the CLI, so each reads its own config file name. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CostApplication.class).properties("spring.config.name=cost");
    }

    @Bean
    ManagedStreams costStreams(KafkaSettings kafka, CostProperties properties) {
        StreamsBuilder builder = new StreamsBuilder();
        CostTopology.build(builder, kafka.topics(), properties.dedupeWindow());
        return new ManagedStreams("cost", builder.build(),
                kafka.streams("switchyard-cost", properties.stateDir(), properties.commitIntervalMs()));
    }
}
