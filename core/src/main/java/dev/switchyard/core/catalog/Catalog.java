package dev.switchyard.core.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable, validated catalog of providers and models. Build one with {@link CatalogLoader}. */
public final class Catalog {

    private final Map<String, ProviderSpec> providers;
    private final Map<String, ModelSpec> models;

    Catalog(List<ProviderSpec> providers, List<ModelSpec> models) {
        this.providers = indexBy(providers, ProviderSpec::id);
        this.models = indexBy(models, ModelSpec::id);
    }

    public List<ModelSpec> models() {
        return List.copyOf(models.values());
    }

    public List<ProviderSpec> providers() {
        return List.copyOf(providers.values());
    }

    public Optional<ModelSpec> model(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id));
    }

    public ProviderSpec provider(String id) {
        ProviderSpec provider = providers.get(id);
        if (provider == null) {
            throw new IllegalArgumentException("no provider '" + id + "' in the catalog");
        }
        return provider;
    }

    public int largestContextWindow() {
        return models.values().stream().mapToInt(ModelSpec::contextWindow).max().orElse(0);
    }

    private static <T> Map<String, T> indexBy(List<T> items, java.util.function.Function<T, String> id) {
        Map<String, T> index = new LinkedHashMap<>();
        items.forEach(item -> index.put(id.apply(item), item));
        return java.util.Collections.unmodifiableMap(index);
    }
}
