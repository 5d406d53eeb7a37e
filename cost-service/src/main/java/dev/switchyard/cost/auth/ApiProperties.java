package dev.switchyard.cost.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may query the cost API ({@code switchyard.cost.api.*}).
 *
 * @param tokens     grants given in configuration, typically from environment variables
 *                   ({@code SWITCHYARD_COST_API_TOKENS_0_TENANT}, {@code ..._0_TOKEN})
 * @param tokensFile a file of {@code <tenant> <token>} lines, e.g. a mounted secret
 */
@ConfigurationProperties("switchyard.cost.api")
public record ApiProperties(@DefaultValue List<Grant> tokens, String tokensFile) {

    /** @param tenant a tenant id, or {@code *} for every tenant */
    public record Grant(String tenant, String token) {
    }
}
