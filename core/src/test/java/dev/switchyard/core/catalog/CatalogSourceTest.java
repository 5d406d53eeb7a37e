package dev.switchyard.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSourceTest {

    private static final String ONE_MODEL = """
            providers: [{id: sim, kind: openai-compatible, baseUrl: "http://localhost:1", requestsPerMinute: 1, tokensPerMinute: 1}]
            models: [{id: %s, provider: sim, price: {input: 1, output: 2}, contextWindow: 1000, maxOutputTokens: 100}]
            """;

    @Test
    void aBadVersionIsRefusedAndTheLastGoodOneStays() {
        CatalogSource source = new CatalogSource(CatalogLoader.defaultCatalog());
        assertThat(source.offer(ONE_MODEL.formatted("only-model").getBytes(StandardCharsets.UTF_8), "test")).isTrue();
        assertThat(source.get().models()).extracting(ModelSpec::id).containsExactly("only-model");

        assertThat(source.offer("models: [{id: broken}]".getBytes(StandardCharsets.UTF_8), "test")).isFalse();
        assertThat(source.get().models()).extracting(ModelSpec::id).containsExactly("only-model");
        assertThat(source.version()).isEqualTo(2);
    }

    @Test
    void aChangedFileIsReloadedWithoutARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, ONE_MODEL.formatted("first"));
        CatalogSource source = new CatalogSource(CatalogLoader.load(file.toString()));
        try (CatalogFileWatcher ignored = new CatalogFileWatcher(file, source, Duration.ofMillis(50))) {
            Files.writeString(file, ONE_MODEL.formatted("second-version"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (source.get().model("second-version").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(source.get().models()).extracting(ModelSpec::id).containsExactly("second-version");
        }
    }
}
