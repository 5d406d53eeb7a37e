package dev.switchyard.core.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a YAML catalog. Every problem is reported with where it is
 * ({@code models[3] (gpt-4o).price.output: ...}), all at once, so an operator fixes a bad
 * catalog in one pass. A catalog with any problem is refused whole.
 */
public final class CatalogLoader {

    public static final String DEFAULT_CATALOG = "/dev/switchyard/core/catalog/default-catalog.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private CatalogLoader() {
    }

    public static Catalog defaultCatalog() {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(DEFAULT_CATALOG)) {
            return parse(in.readAllBytes(), "built-in default catalog");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_CATALOG, e);
        }
    }

    /** The catalog at {@code path}, or the built-in default when the path is blank. */
    public static Catalog load(String path) {
        if (path == null || path.isBlank()) {
            return defaultCatalog();
        }
        try {
            return parse(Files.readAllBytes(Path.of(path)), path);
        } catch (IOException e) {
            throw new CatalogException(path, List.of("cannot read the file: " + e.getMessage()));
        }
    }

    public static Catalog parse(byte[] yaml, String source) {
        CatalogFile file;
        try {
            file = YAML.readValue(yaml, CatalogFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new CatalogException(source, List.of(pathOf(e) + ": unknown field; expected one of " + e.getKnownPropertyIds()));
        } catch (JsonMappingException e) {
            throw new CatalogException(source, List.of(pathOf(e) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new CatalogException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        if (file == null) {
            throw new CatalogException(source, List.of("the catalog is empty"));
        }
        return new Validation(source).validate(file);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? "catalog" : path.toString();
    }

    record CatalogFile(List<ProviderEntry> providers, List<ModelEntry> models) {
    }

    record ProviderEntry(String id, String kind, String baseUrl, String apiKeyEnv,
                         Integer requestsPerMinute, Long tokensPerMinute) {
    }

    record PriceEntry(BigDecimal input, BigDecimal cachedInput, BigDecimal output, BigDecimal cacheWrite) {
    }

    record ModelEntry(String id, String provider, List<String> capabilities, PriceEntry price,
                      Integer contextWindow, Integer maxOutputTokens, Integer typicalLatencyMs,
                      Map<String, Double> quality, Integer requestsPerMinute, Long tokensPerMinute) {
    }

    /** Collects every problem of one catalog file. */
    private static final class Validation {
        private final String source;
        private final List<String> problems = new ArrayList<>();

        Validation(String source) {
            this.source = source;
        }

        Catalog validate(CatalogFile file) {
            List<ProviderSpec> providers = new ArrayList<>();
            List<ModelSpec> models = new ArrayList<>();
            if (file.providers() == null || file.providers().isEmpty()) {
                problems.add("providers: at least one provider is required");
            } else {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < file.providers().size(); i++) {
                    ProviderSpec provider = provider(file.providers().get(i), "providers[" + i + "]", ids);
                    if (provider != null) {
                        providers.add(provider);
                    }
                }
            }
            if (file.models() == null || file.models().isEmpty()) {
                problems.add("models: at least one model is required");
            } else {
                Set<String> providerIds = new HashSet<>();
                providers.forEach(p -> providerIds.add(p.id()));
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < file.models().size(); i++) {
                    ModelSpec model = model(file.models().get(i), i, ids, providerIds);
                    if (model != null) {
                        models.add(model);
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new CatalogException(source, problems);
            }
            return new Catalog(providers, models);
        }

        /**
         * Checks that an entry is there and has an id of its own; returns how messages name it
         * ({@code models[3] (gpt-4o)}), or null when the entry is empty.
         */
        private String label(Object entry, String id, String position, Set<String> seen) {
            if (entry == null) {
                problems.add(position + ": empty entry");
                return null;
            }
            String checked = required(id, position + ".id");
            if (checked != null && !seen.add(checked)) {
                problems.add(position + ".id: '" + checked + "' appears twice");
            }
            return checked == null ? position : position + " (" + checked + ")";
        }

        private ProviderSpec provider(ProviderEntry entry, String position, Set<String> seen) {
            int before = problems.size();
            String where = label(entry, entry == null ? null : entry.id(), position, seen);
            if (where == null) {
                return null;
            }
            String id = entry.id();
            if (id != null && !id.isBlank() && !id.matches("[a-z0-9][a-z0-9_-]*")) {
                problems.add(where + ".id: '" + id + "' must be lower-case letters, digits, '-' or '_' (it names a topic)");
            }
            ProviderKind kind = null;
            try {
                kind = ProviderKind.of(required(entry.kind(), where + ".kind"));
            } catch (IllegalArgumentException e) {
                problems.add(where + ".kind: " + e.getMessage());
            }
            String baseUrl = required(entry.baseUrl(), where + ".baseUrl");
            if (baseUrl != null && !isHttpUrl(baseUrl)) {
                problems.add(where + ".baseUrl: '" + baseUrl + "' is not an http(s) URL");
            }
            int rpm = positive(entry.requestsPerMinute(), where + ".requestsPerMinute");
            long tpm = positive(entry.tokensPerMinute(), where + ".tokensPerMinute");
            return problems.size() > before ? null
                    : new ProviderSpec(id, kind, baseUrl, entry.apiKeyEnv(), rpm, tpm);
        }

        private ModelSpec model(ModelEntry entry, int index, Set<String> seen, Set<String> providerIds) {
            int before = problems.size();
            String where = label(entry, entry == null ? null : entry.id(), "models[" + index + "]", seen);
            if (where == null) {
                return null;
            }
            String id = entry.id();
            String provider = required(entry.provider(), where + ".provider");
            if (provider != null && !providerIds.contains(provider)) {
                problems.add(where + ".provider: '" + provider + "' is not one of the catalog's providers " + providerIds);
            }
            ModelPrice price = price(entry.price(), where + ".price");
            int contextWindow = positive(entry.contextWindow(), where + ".contextWindow");
            int maxOutput = positive(entry.maxOutputTokens(), where + ".maxOutputTokens");
            if (maxOutput > contextWindow && contextWindow > 0) {
                problems.add(where + ".maxOutputTokens: " + maxOutput + " exceeds the context window " + contextWindow);
            }
            int latency = entry.typicalLatencyMs() == null ? 1000 : entry.typicalLatencyMs();
            if (latency < 0) {
                problems.add(where + ".typicalLatencyMs: must not be negative");
            }
            Map<String, Double> quality = entry.quality() == null ? Map.of() : entry.quality();
            quality.forEach((task, score) -> {
                if (score == null || score < 0 || score > 1) {
                    problems.add(where + ".quality." + task + ": " + score + " is outside [0, 1]");
                }
            });
            Set<String> capabilities = entry.capabilities() == null ? Set.of() : Set.copyOf(entry.capabilities());
            // A model's own limits are optional: most accounts are limited per provider.
            int rpm = entry.requestsPerMinute() == null ? 0 : positive(entry.requestsPerMinute(), where + ".requestsPerMinute");
            long tpm = entry.tokensPerMinute() == null ? 0 : positive(entry.tokensPerMinute(), where + ".tokensPerMinute");
            return problems.size() > before ? null
                    : new ModelSpec(id, provider, capabilities, price, contextWindow, maxOutput, latency, Map.copyOf(quality), rpm, tpm);
        }

        private ModelPrice price(PriceEntry price, String where) {
            if (price == null) {
                problems.add(where + ": input and output prices (USD per 1M tokens) are required");
                return null;
            }
            BigDecimal input = nonNegative(price.input(), where + ".input");
            BigDecimal output = nonNegative(price.output(), where + ".output");
            // A provider without prompt caching bills cached tokens like any other input token.
            BigDecimal cached = price.cachedInput() == null ? input : nonNegative(price.cachedInput(), where + ".cachedInput");
            // Likewise a provider without a write premium (OpenAI and most others) bills cache writes as input.
            BigDecimal cacheWrite = price.cacheWrite() == null ? input : nonNegative(price.cacheWrite(), where + ".cacheWrite");
            return input == null || output == null || cached == null || cacheWrite == null ? null
                    : new ModelPrice(input, cached, output, cacheWrite);
        }

        private String required(String value, String where) {
            if (value == null || value.isBlank()) {
                problems.add(where + ": is required");
                return null;
            }
            return value;
        }

        private int positive(Integer value, String where) {
            if (value == null || value <= 0) {
                problems.add(where + ": must be a positive integer" + (value == null ? ", and is missing" : ", not " + value));
                return 0;
            }
            return value;
        }

        private long positive(Long value, String where) {
            if (value == null || value <= 0) {
                problems.add(where + ": must be a positive integer" + (value == null ? ", and is missing" : ", not " + value));
                return 0;
            }
            return value;
        }

        private BigDecimal nonNegative(BigDecimal value, String where) {
            if (value == null || value.signum() < 0) {
                problems.add(where + ": must be a price of 0 or more USD per 1M tokens" + (value == null ? ", and is missing" : ""));
                return null;
            }
            return value;
        }

        private static boolean isHttpUrl(String url) {
            try {
                URI uri = URI.create(url);
                return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
