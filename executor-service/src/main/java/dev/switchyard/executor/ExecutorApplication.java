package dev.switchyard.executor;

import dev.switchyard.core.catalog.LiveCatalog;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.TopicProvisioner;
import dev.switchyard.core.service.SwitchyardService;
import dev.switchyard.executor.metrics.ExecutorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SwitchyardService
@EnableConfigurationProperties({ExecutorProperties.class})
public class ExecutorApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** Every service shares one classpath in the CLI, so each reads its own config file name. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ExecutorApplication.class).properties("spring.config.name=executor");
    }

    @Bean(destroyMethod = "close")
    LiveCatalog catalog(ExecutorProperties properties, KafkaSettings kafka) {
        return LiveCatalog.start(properties.catalogPath(), kafka);
    }

    @Bean
    ExecutorRuntime executorRuntime(KafkaSettings kafka, LiveCatalog catalog, ExecutorProperties properties,
                                    ObjectProvider<MeterRegistry> meters) {
        TopicProvisioner.ensureIfConfigured(kafka, catalog.get().providers().stream().map(ProviderSpec::id).toList());
        return new ExecutorRuntime(kafka, catalog, properties, new ExecutorMetrics(meters.getIfAvailable(SimpleMeterRegistry::new)));
    }
}
