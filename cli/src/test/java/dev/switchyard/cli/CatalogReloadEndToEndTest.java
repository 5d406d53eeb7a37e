package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A catalog published with {@code switchyard catalog apply} takes effect in the running router and
 * executor without a restart; a bad one is refused before it reaches the topic.
 */
class CatalogReloadEndToEndTest {

    @Test
    void aPublishedCatalogIsInForceWithoutARestart(@TempDir Path dir) throws Exception {
        try (InProcessStack stack = new InProcessStack().startServices()) {
            Path catalog = dir.resolve("catalog.yaml");
            Files.writeString(catalog, """
                    providers:
                      - {id: openai, kind: openai-compatible, baseUrl: "https://api.openai.com/v1", apiKeyEnv: OPENAI_API_KEY,
                         requestsPerMinute: 100, tokensPerMinute: 100000}
                    models:
                      - {id: house-model, provider: openai, capabilities: [chat], price: {input: 7, output: 11},
                         contextWindow: 8000, maxOutputTokens: 500}
                    """);
            Path broken = dir.resolve("broken.yaml");
            Files.writeString(broken, "models: [{id: x}]\n");
            String bootstrap = "--bootstrap-servers=" + stack.kafka.bootstrapServers();
            assertThat(SwitchyardCli.commandLine().execute("catalog", "apply", broken.toString(), bootstrap)).isEqualTo(SwitchyardCli.USAGE);
            assertThat(SwitchyardCli.commandLine().execute("catalog", "apply", catalog.toString(), bootstrap)).isEqualTo(SwitchyardCli.OK);

            LlmResult result = null;
            for (int i = 0; i < 20 && (result == null || !"house-model".equals(result.getModel())); i++) {
                result = ask(stack, "reload-" + i);
            }
            assertThat(result.getModel()).isEqualTo("house-model");
            // The executor priced it with the new catalog: $7 and $11 per 1M tokens.
            long expected = 7_000L * result.getInputTokens() + 11_000L * result.getOutputTokens();
            assertThat(result.getCostNanoUsd()).isEqualTo(expected);
        }
    }

    private static LlmResult ask(InProcessStack stack, String id) throws Exception {
        try (ResultCollector collector = new ResultCollector(stack.kafka); RequestProducer producer = new RequestProducer(stack.kafka)) {
            producer.send(LlmRequest.newBuilder().setRequestId(id).setTenantId("acme")
                    .setMessages(List.of(Messages.text("user", "Hello!"))).build()).get();
            var got = collector.await(Set.of(id), Duration.ofSeconds(30), (r, n) -> { });
            Thread.sleep(250);
            return got.get(id).result();
        }
    }

}
