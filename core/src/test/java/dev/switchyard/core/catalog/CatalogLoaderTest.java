package dev.switchyard.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
