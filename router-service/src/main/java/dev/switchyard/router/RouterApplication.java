package dev.switchyard.router;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.LiveCatalog;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.ManagedStreams;
import dev.switchyard.core.kafka.TopicProvisioner;
import dev.switchyard.core.service.SwitchyardService;
import dev.switchyard.router.classify.Classifier;
import dev.switchyard.router.classify.ClassifierOptions;
import dev.switchyard.router.classify.learned.LearnedClassifier;
import dev.switchyard.router.classify.learned.RouterModelListener;
import dev.switchyard.router.classify.RuleBasedClassifier;
import dev.switchyard.router.core.CoreRole;
import dev.switchyard.router.core.RouterCoreSupplier;
import dev.switchyard.router.fallback.FallbackDecider;
import dev.switchyard.router.lean.TenantLean;
import dev.switchyard.router.routing.RequestRouter;
import dev.switchyard.router.strategy.StrategySelector;
import dev.switchyard.schema.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SwitchyardService
@EnableConfigurationProperties({RouterProperties.class})
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

    /** Loaded, and warmed up, before the stream starts, so the router reports ready with its model in memory. */
    @Bean
    Classifier classifier(RouterProperties properties) {
        return classifier(properties.classifier());
    }

    /** Follows llm.router-models for the learned classifier's published models; nothing for the rules. */
    @Bean(destroyMethod = "close")
    AutoCloseable routerModels(KafkaSettings kafka, RouterProperties properties, Classifier classifier) {
        if (classifier instanceof LearnedClassifier learned) {
            return new RouterModelListener(kafka, learned, properties.classifier().modelName());
        }
        return () -> { };
    }

    @Bean
    ManagedStreams routerStreams(KafkaSettings kafka, RouterProperties properties, LiveCatalog catalog, Classifier classifier,
                                 ObjectProvider<MeterRegistry> meters) {
        TopicProvisioner.ensureIfConfigured(kafka, catalog.get().providers().stream().map(ProviderSpec::id).toList());
        StreamsBuilder builder = new StreamsBuilder();
        Topics topics = kafka.topics();
        int requestPartitions = TopicProvisioner.sharedPartitionCount(kafka, List.of(topics.requests.name(), topics.failedAttempts.name()));
        RouterTopology.build(builder, topics, core(topics, catalog, properties, classifier), properties.limits(), requestPartitions);
        return new ManagedStreams("router", builder.build(), streamsConfig(kafka, properties, APPLICATION_ID), meters.getIfAvailable());
    }

    /** The router's Kafka Streams settings; the router benchmark's baseline hop runs with them too. */
    public static Properties streamsConfig(KafkaSettings kafka, RouterProperties properties, String applicationId) {
        Properties streams = kafka.streams(applicationId, properties.stateDir(), properties.commitIntervalMs());
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), properties.producerLingerMs());
        streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
        // A request the limits let in must fit the router's own writes of it (repartitions, work items).
        int carried = properties.limits().maxRequestBytes() + (256 << 10);
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), carried);
        streams.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), carried);
        return streams;
    }

    /** The classifier the options name. */
    static Classifier classifier(ClassifierOptions options) {
        return switch (options.kind().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "learned" -> LearnedClassifier.bundled(options.embedding(), options.cacheSize());
            case "rules" -> new RuleBasedClassifier();
            default -> throw new IllegalArgumentException("switchyard.router.classifier.kind is '" + options.kind()
                    + "', expected learned or rules");
        };
    }

    static RouterCoreSupplier core(Topics topics, Supplier<Catalog> catalog, RouterProperties properties, Classifier classifier) {
        RequestRouter router = new RequestRouter(catalog, Classifier.withHints(classifier),
                new StrategySelector(properties.strategyOptions()), new TenantLean(properties.lean()), properties.routingOptions());
        FallbackDecider fallback = new FallbackDecider(catalog, properties.fallbackOptions(), properties.defaultMaxOutputTokens());
        return new RouterCoreSupplier(topics, router, fallback, properties.dedupeWindow(), CoreRole.TENANT);
    }
}
