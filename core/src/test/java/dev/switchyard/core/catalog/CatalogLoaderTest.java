package dev.switchyard.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

    @Test
    void theDefaultCatalogIsValidAndRealistic() {
        Catalog catalog = CatalogLoader.defaultCatalog();
        assertThat(catalog.models()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(catalog.providers()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(catalog.providers()).extracting(ProviderSpec::kind).contains(ProviderKind.OPENAI_COMPATIBLE, ProviderKind.ANTHROPIC);
        ModelSpec mini = catalog.model("gpt-4o-mini").orElseThrow();
        assertThat(mini.price().input()).isEqualByComparingTo("0.15");
        assertThat(mini.price().cachedInput()).isEqualByComparingTo("0.075");
        assertThat(mini.price().output()).isEqualByComparingTo("0.60");
        // A provider without prompt caching bills cached tokens at the input price.
        ModelSpec mistral = catalog.model("mistral-small-3-2").orElseThrow();
        assertThat(mistral.price().cachedInput()).isEqualByComparingTo(mistral.price().input());
        // Anthropic bills prompt-cache writes (5-minute TTL) at 1.25x input; the others at the input price.
        for (ModelSpec model : catalog.models()) {
            BigDecimal expected = model.provider().equals("anthropic")
                    ? model.price().input().multiply(new BigDecimal("1.25")) : model.price().input();
            assertThat(model.price().cacheWrite()).as(model.id()).isEqualByComparingTo(expected);
        }
        assertThat(catalog.model("claude-opus-4-1").orElseThrow().price().cacheWrite()).isEqualByComparingTo("18.75");
    }

    @Test
    void aNegativeCacheWritePriceIsRefusedWithWhereItIs() {
        String yaml = """
                providers:
                  - {id: anthropic, kind: anthropic, baseUrl: "https://api.anthropic.com", requestsPerMinute: 10, tokensPerMinute: 10}
                models:
                  - {id: ok, provider: anthropic, price: {input: 3, cacheWrite: 3.75, output: 15}, contextWindow: 1000, maxOutputTokens: 10}
                  - {id: free-writes, provider: anthropic, price: {input: 3, cacheWrite: 0, output: 15}, contextWindow: 1000, maxOutputTokens: 10}
                  - {id: claude-x, provider: anthropic, price: {input: 3, cacheWrite: -3.75, output: 15}, contextWindow: 1000,
                     maxOutputTokens: 10}
                """;
        assertThatThrownBy(() -> CatalogLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "writes.yaml"))
                .isInstanceOf(CatalogException.class)
                .satisfies(e -> assertThat(((CatalogException) e).problems()).containsExactly(
                        "models[2] (claude-x).price.cacheWrite: must be a price of 0 or more USD per 1M tokens"));
        Catalog valid = CatalogLoader.parse(yaml.replace("-3.75", "3.75").getBytes(StandardCharsets.UTF_8), "writes.yaml");
        assertThat(valid.model("free-writes").orElseThrow().price().cacheWrite()).isEqualByComparingTo("0");
        assertThat(valid.model("claude-x").orElseThrow().price().cacheWrite()).isEqualByComparingTo("3.75");
    }

    @Test
    void reportsEveryProblemWithWhereItIs() {
        String yaml = """
                providers:
                  - {id: openai, kind: openai-compatible, baseUrl: "https://api.openai.com/v1", requestsPerMinute: 10, tokensPerMinute: 10}
                  - {id: openai, kind: grpc, baseUrl: "not a url", requestsPerMinute: 0, tokensPerMinute: 10}
                models:
                  - {id: m1, provider: nobody, price: {input: 1, output: 2}, contextWindow: 1000, maxOutputTokens: 10}
                  - {id: m2, provider: openai, price: {input: -1, output: 2}, contextWindow: 100, maxOutputTokens: 200,
                     quality: {code: 1.5}}
                """;
        assertThatThrownBy(() -> CatalogLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml"))
                .isInstanceOf(CatalogException.class)
                .satisfies(e -> assertThat(((CatalogException) e).problems()).contains(
                        "providers[1].id: 'openai' appears twice",
                        "models[0] (m1).provider: 'nobody' is not one of the catalog's providers [openai]",
                        "models[1] (m2).price.input: must be a price of 0 or more USD per 1M tokens",
                        "models[1] (m2).maxOutputTokens: 200 exceeds the context window 100",
                        "models[1] (m2).quality.code: 1.5 is outside [0, 1]"))
                .hasMessageContaining("catalog test.yaml refused")
                .hasMessageContaining("providers[1] (openai).kind: unknown provider kind 'grpc'")
                .hasMessageContaining("providers[1] (openai).baseUrl: 'not a url' is not an http(s) URL")
                .hasMessageContaining("providers[1] (openai).requestsPerMinute: must be a positive integer, not 0");
    }

    @Test
    void aMisspelledFieldIsReportedWithTheFieldsItCouldBe() {
        String yaml = """
                providers:
                  - id: openai
                    kind: openai-compatible
                    baseURL: https://api.openai.com/v1
                """;
        assertThatThrownBy(() -> CatalogLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "typo.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("providers[0].baseURL: unknown field; expected one of")
                .hasMessageContaining("baseUrl");
    }
}
