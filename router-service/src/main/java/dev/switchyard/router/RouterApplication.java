package dev.switchyard.router;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.ManagedStreams;
import dev.switchyard.router.routing.CatalogOrderSelector;
import dev.switchyard.router.routing.RequestRouter;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties({KafkaSettings.class, RouterProperties.class})
public class RouterApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** Every service shares one classpath in the CLI, so each reads its own config file name. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(RouterApplication.class).properties("spring.config.name=router");
    }

    @Bean
    Catalog catalog(RouterProperties properties) {
        return CatalogLoader.load(properties.catalogPath());
    }

    @Bean
    ManagedStreams routerStreams(KafkaSettings kafka, RouterProperties properties, Catalog catalog) {
        StreamsBuilder builder = new StreamsBuilder();
        RouterTopology.build(builder, kafka.topics(),
                new RequestRouter(() -> catalog, new CatalogOrderSelector(), Clock.systemUTC(), properties.routingOptions()));
        return new ManagedStreams("router", builder.build(),
                kafka.streams("switchyard-router", properties.stateDir(), properties.commitIntervalMs()));
    }

}
