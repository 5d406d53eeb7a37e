package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code switchyard router eval} and {@code router train --publish} against a running stack: the
 * evaluation prints its figures as JSON, and a router running the learned classifier switches to
 * the model trained on a user's file, without a restart, as the classifier version on the routing
 * of its next results shows.
 */
class ClassifierModelEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void evalPrintsItsFiguresAndAPublishedModelIsPickedUpByARunningRouter() throws Exception {
        Path labelled = Files.createTempFile("labelled", ".jsonl");
        try (InputStream corpus = getClass().getResourceAsStream("/dev/switchyard/router/classify/corpus/ops-desk.jsonl")) {
            Files.write(labelled, corpus.readAllBytes());
        }
        long lines = Files.readAllLines(labelled).stream().filter(line -> !line.isBlank()).count();

        CliRun eval = CliRun.of("router", "eval", labelled.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isEqualTo(SwitchyardCli.OK);
        JsonNode figures = JSON.readTree(eval.out().substring(eval.out().indexOf('{')));
        assertThat(figures.get("examples").asLong()).isEqualTo(lines);
        assertThat(figures.get("taskTypeAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(figures.get("taskConfusion")).hasSize(8);

        try (InProcessStack stack = new InProcessStack()) {
            stack.startRouter("router-1", "--switchyard.router.classifier.kind=learned");
            stack.startExecutor();
            String bundled = versionOfNextResult(stack, "before");
            assertThat(bundled).startsWith("learned-");

            Path model = Files.createTempFile("model", ".json");
            CliRun train = CliRun.of("router", "train", labelled.toString(), "--publish", "--out", model.toString(),
                    "--bootstrap-servers", stack.kafka.bootstrapServers());
            assertThat(train.code()).as(train.err()).isEqualTo(SwitchyardCli.OK);
            String published = JSON.readTree(model.toFile()).get("version").asText();
            assertThat(train.out()).contains("published " + published);
            assertThat(published).isNotEqualTo(bundled);

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String seen = bundled;
            for (int i = 0; !seen.equals(published) && System.nanoTime() < deadline; i++) {
                seen = versionOfNextResult(stack, "after-" + i);
            }
            assertThat(seen).as("the router's classifier after the publish").isEqualTo(published);
        }
    }

    private static String versionOfNextResult(InProcessStack stack, String id) throws Exception {
        try (ResultCollector results = new ResultCollector(stack.kafka);
             RequestProducer producer = new RequestProducer(stack.kafka)) {
            producer.send(LlmRequest.newBuilder().setRequestId(id).setTenantId("models")
                    .setMessages(List.of(Messages.text("user", "Translate into French: the meeting moved to Thursday."))).build()).get();
            Map<String, ResultCollector.Received> got = results.await(Set.of(id), Duration.ofSeconds(60), (r, n) -> { });
            LlmResult result = got.get(id).result();
            return result.getRouting().getClassifierVersion();
        }
    }
}
