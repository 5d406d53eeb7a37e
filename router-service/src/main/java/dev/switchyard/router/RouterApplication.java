package dev.switchyard.router;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.LiveCatalog;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.ManagedStreams;
import dev.switchyard.core.kafka.TopicProvisioner;
import dev.switchyard.router.classify.Classifier;
import dev.switchyard.router.classify.RuleBasedClassifier;
import dev.switchyard.router.core.CoreRole;
import dev.switchyard.router.core.RouterCoreSupplier;
import dev.switchyard.router.fallback.FallbackDecider;
import dev.switchyard.router.routing.RequestRouter;
import dev.switchyard.router.strategy.StrategySelector;
import dev.switchyard.schema.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties({KafkaSettings.class, RouterProperties.class})
public class RouterApplication {

    /** The router's Kafka Streams application id, and so its consumer group (after the topic prefix). */
    public static final String APPLICATION_ID = "switchyard-router";

    public static void main(String[] args) {
        application().run(args);
    }

    /** Every service shares one classpath in the CLI, so each reads its own config file name. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(RouterApplication.class).properties("spring.config.name=router");
    }

    @Bean(destroyMethod = "close")
    LiveCatalog catalog(RouterProperties properties, KafkaSettings kafka) {
        return LiveCatalog.start(properties.catalogPath(), kafka);
    }

    @Bean
    ManagedStreams routerStreams(KafkaSettings kafka, RouterProperties properties, LiveCatalog catalog,
                                 ObjectProvider<MeterRegistry> meters) {
        TopicProvisioner.ensureIfConfigured(kafka, catalog.get().providers().stream().map(ProviderSpec::id).toList());
        StreamsBuilder builder = new StreamsBuilder();
        Topics topics = kafka.topics();
        RouterTopology.build(builder, topics, core(topics, catalog, properties));
        return new ManagedStreams("router", builder.build(), streamsConfig(kafka, properties, APPLICATION_ID), meters.getIfAvailable());
    }

    /** The router's Kafka Streams settings; the router benchmark's baseline hop runs with them too. */
    public static Properties streamsConfig(KafkaSettings kafka, RouterProperties properties, String applicationId) {
        Properties streams = kafka.streams(applicationId, properties.stateDir(), properties.commitIntervalMs());
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), properties.producerLingerMs());
        streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
        return streams;
    }

    static RouterCoreSupplier core(Topics topics, Supplier<Catalog> catalog, RouterProperties properties) {
        RequestRouter router = new RequestRouter(catalog, Classifier.withHints(new RuleBasedClassifier()),
                new StrategySelector(properties.strategyOptions()), properties.routingOptions());
        FallbackDecider fallback = new FallbackDecider(catalog, properties.fallbackOptions(), properties.defaultMaxOutputTokens());
        return new RouterCoreSupplier(topics, router, fallback, properties.dedupeWindow(), CoreRole.TENANT);
    }
}
