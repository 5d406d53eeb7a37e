package dev.switchyard.core.management;

import java.io.IOException;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link MetricsAccess} filter of a service, from {@code switchyard.management.token-file}. */
@Configuration(proxyBeanMethods = false)
public class MetricsAccessConfiguration {

    @Bean
    MetricsAccess metricsAccess(@Value("${switchyard.management.token-file:}") String tokenFile) throws IOException {
        MetricsAccess access = MetricsAccess.fromTokenFile(tokenFile);
        if (!access.isProtected()) {
            LoggerFactory.getLogger(MetricsAccess.class).info("actuator endpoints are open to whoever reaches the port; "
                    + "set switchyard.management.token-file to require a bearer token (health stays open)");
        }
        return access;
    }
}
