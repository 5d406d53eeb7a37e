package dev.switchyard.executor.adapter;

import dev.switchyard.core.catalog.ProviderSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the adapter of a provider from its catalog entry. The API key is read from the
 * environment variable the catalog names, or from the file named by {@code <VAR>_FILE} (for
 * mounted secrets). The key goes to the SDK client and nowhere else: not to logs, topics or
 * metrics, and a provider that echoes it back has it redacted ({@link RedactingAdapter}).
 */
public final class ProviderAdapters {

    private static final Logger log = LoggerFactory.getLogger(ProviderAdapters.class);
    /** Sent when no key is configured: the provider refuses it with 401, an {@code auth} outcome. */
    static final String NO_KEY = "no-key-configured";

    private ProviderAdapters() {
    }

    /**
     * @param baseUrlOverride when set, every provider is reached at this root instead of its
     *                        catalog URL (provider-sim in the demo, tests and benchmarks)
     */
    public static ProviderAdapter create(ProviderSpec provider, AdapterOptions options, String baseUrlOverride,
                                         Map<String, String> environment) {
        String apiKey = apiKey(provider, environment);
        boolean override = baseUrlOverride != null && !baseUrlOverride.isBlank();
        ProviderAdapter adapter = switch (provider.kind()) {
            case OPENAI_COMPATIBLE -> new OpenAiAdapter(override ? baseUrlOverride + "/v1" : provider.baseUrl(), apiKey, options);
            case ANTHROPIC -> new AnthropicAdapter(override ? baseUrlOverride : provider.baseUrl(), apiKey, options);
        };
        return apiKey.equals(NO_KEY) ? adapter : new RedactingAdapter(adapter, apiKey);
    }

    static String apiKey(ProviderSpec provider, Map<String, String> environment) {
        String variable = provider.apiKeyEnv();
        if (variable == null || variable.isBlank()) {
            return NO_KEY;
        }
        String key = environment.get(variable);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String file = environment.get(variable + "_FILE");
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                log.warn("provider {}: cannot read the API key file named by {}_FILE: {}", provider.id(), variable, e.getMessage());
            }
        }
        log.warn("provider {}: neither {} nor {}_FILE is set; calls will be refused as unauthorised", provider.id(), variable, variable);
        return NO_KEY;
    }
}
