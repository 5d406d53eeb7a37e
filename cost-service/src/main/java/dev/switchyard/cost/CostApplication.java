package dev.switchyard.cost;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.ManagedStreams;
import dev.switchyard.core.kafka.TopicProvisioner;
import dev.switchyard.core.service.SwitchyardService;
import dev.switchyard.cost.auth.ApiProperties;
import dev.switchyard.cost.auth.ApiTokens;
import dev.switchyard.cost.auth.BearerAuth;
import dev.switchyard.cost.budget.BudgetMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.switchyard.cost.query.internal.Instances;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

@SwitchyardService
@EnableConfigurationProperties({CostProperties.class, ApiProperties.class})
public class CostApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** Every service shares one classpath in the CLI, so each reads its own config file name. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CostApplication.class).properties("spring.config.name=cost");
    }

    /** This instance as other instances reach its query API; Kafka Streams tells every instance who holds which key. */
    @Bean
    HostInfo queryEndpoint(CostProperties properties, @Value("${server.port}") int port) {
        if (port <= 0) {
            throw new IllegalArgumentException("server.port must be a fixed port: other instances forward queries to it");
        }
        return new HostInfo(properties.advertisedHost(), port);
    }

    @Bean
    ManagedStreams costStreams(KafkaSettings kafka, CostProperties properties, HostInfo queryEndpoint,
                               ObjectProvider<MeterRegistry> meters) {
        TopicProvisioner.ensureIfConfigured(kafka, List.of());
        StreamsBuilder builder = new StreamsBuilder();
        CostTopology.build(builder, kafka.topics(), properties.options());
        Properties streams = kafka.streams("switchyard-cost", properties.stateDir(), properties.commitIntervalMs());
        streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
        streams.put(StreamsConfig.APPLICATION_SERVER_CONFIG, queryEndpoint.host() + ":" + queryEndpoint.port());
        return new ManagedStreams("cost", builder.build(), streams, meters.getIfAvailable());
    }

    @Bean
    Instances instances(ManagedStreams costStreams, HostInfo queryEndpoint, JsonMapper json) {
        return new Instances(costStreams, queryEndpoint, json);
    }

    @Bean
    BudgetMetrics budgetMetrics(ManagedStreams costStreams, ObjectProvider<MeterRegistry> meters, Clock clock) {
        return new BudgetMetrics(costStreams, meters.getIfAvailable(SimpleMeterRegistry::new), clock, Duration.ofSeconds(15));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WebMvcConfigurer bearerAuth(ApiProperties api) {
        BearerAuth auth = new BearerAuth(new ApiTokens(api));
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(auth).addPathPatterns("/api/**").excludePathPatterns("/api/openapi.yaml");
            }
        };
    }
}
