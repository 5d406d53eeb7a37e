package dev.switchyard.core.catalog;

/**
 * A provider endpoint. {@code apiKeyEnv} names the environment variable holding the key: the
 * key itself is never in the catalog, so the catalog can be published on a topic and logged.
 */
public record ProviderSpec(
        String id,
        ProviderKind kind,
        String baseUrl,
        String apiKeyEnv,
        int requestsPerMinute,
        long tokensPerMinute) {
}
