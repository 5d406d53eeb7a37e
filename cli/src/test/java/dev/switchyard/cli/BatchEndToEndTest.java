package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The front door's done criterion: a batch of 5,000 OpenAI Batch API lines submitted through the
 * CLI comes back as 5,000 OpenAI output lines whose custom_ids match, with {@code batch status}
 * reporting progress along the way.
 */
class BatchEndToEndTest {

    private static final int LINES = 5_000;
    private static final String TOKEN = "batch-test-admin-token-0123";

    @Test
    void aFiveThousandLineOpenAiBatchComesBackLineForLine() throws Exception {
        Path dir = Files.createTempDirectory("batch-e2e");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "* " + TOKEN + "\n");
        Path input = dir.resolve("input.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            String model = i % 2 == 0 ? "gpt-4o-mini" : "claude-haiku-4-5";
            lines.add("{\"custom_id\": \"task-" + i + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": "
                    + "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, "
                    + "{\"role\": \"user\", \"content\": \"Summarise item " + i + " in one line.\"}], \"max_tokens\": 30}}");
        }
        Files.write(input, lines);
        Path output = dir.resolve("output.jsonl");

        try (InProcessStack stack = new InProcessStack()) {
            stack.startRouter("router-1");
            stack.startExecutor();
            int costPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                costPort = socket.getLocalPort();
            }
            stack.startCostWithApi("cost", costPort, tokens);
            String kafka = "--bootstrap-servers=" + stack.kafka.bootstrapServers();
            String[] api = {"--cost-url=http://localhost:" + costPort, "--token=" + TOKEN};

            assertThat(CliRun.of("batch", "submit", input.toString(), "--tenant=acme", "--id=b5k", kafka).code()).isZero();

            CliRun progress = CliRun.of(concat(new String[] {"batch", "status", "b5k", "--wait", "--timeout=5m", kafka}, api));
            assertThat(progress.code()).as(progress.out()).isZero();
            assertThat(progress.out()).contains("state:      COMPLETED").contains("5000 total, 0 pending");
            assertThat(progress.out()).as("progress shown along the way").contains("b5k");

            CliRun results = CliRun.of("batch", "results", "b5k", "--wait", "--timeout=2m", "-o", output.toString(), kafka);
            assertThat(results.code()).as(results.out()).isZero();
        }

        ObjectMapper json = new ObjectMapper();
        List<String> outputLines = Files.readAllLines(output);
        assertThat(outputLines).hasSize(LINES);
        Set<String> customIds = new HashSet<>();
        for (String line : outputLines) {
            JsonNode node = json.readTree(line);
            customIds.add(node.get("custom_id").asText());
            assertThat(node.path("response").path("status_code").asInt()).as(line).isEqualTo(200);
            assertThat(node.path("response").path("body").path("object").asText()).isEqualTo("chat.completion");
            assertThat(node.path("response").path("body").path("choices").get(0).path("message").path("content").asText()).isNotBlank();
            assertThat(node.get("error").isNull()).isTrue();
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < LINES; i++) {
            expected.add("task-" + i);
        }
        assertThat(customIds).isEqualTo(expected);
    }

    @Test
    void aCancelledBatchEndsEveryRequestNotYetStartedAndStillCompletesOnce() throws Exception {
        Path dir = Files.createTempDirectory("batch-cancel");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "* " + TOKEN + "\n");
        Path input = dir.resolve("input.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            lines.add("{\"custom_id\": \"c-" + i + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": "
                    + "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"Item " + i + "\"}]}}");
        }
        Files.write(input, lines);
        Path output = dir.resolve("output.jsonl");
        try (InProcessStack stack = new InProcessStack()) {
            // Slow answers and a small in-flight bound (about 40 calls a second), so that most of the
            // batch is still queued, not started, when it is cancelled.
            stack.sim.knobs().reset(dev.switchyard.sim.Knobs.defaults().with(java.util.Map.of("latencyMs", 500)));
            stack.startRouter("router-1");
            stack.startExecutor("--switchyard.executor.max-in-flight=20");
            int costPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                costPort = socket.getLocalPort();
            }
            stack.startCostWithApi("cost", costPort, tokens);
            String kafka = "--bootstrap-servers=" + stack.kafka.bootstrapServers();

            assertThat(CliRun.of("batch", "submit", input.toString(), "--tenant=acme", "--id=b-cancel", kafka).code()).isZero();
            awaitFirstAnswer(stack);
            assertThat(CliRun.of("batch", "cancel", "b-cancel", "--tenant=acme", kafka).code()).isZero();

            CliRun status = CliRun.of("batch", "status", "b-cancel", "--wait", "--timeout=3m", kafka,
                    "--cost-url=http://localhost:" + costPort, "--token=" + TOKEN);
            assertThat(status.code()).as(status.out() + status.err()).isZero();
            assertThat(status.out()).contains("state:      COMPLETED").contains("1000 total, 0 pending");
            assertThat(CliRun.of("batch", "results", "b-cancel", "-o", output.toString(), kafka).code()).isZero();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> results = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            results.add(json.readTree(line));
        }
        assertThat(results).as("every request has exactly one terminal result").hasSize(1_000);
        long cancelled = results.stream().filter(r -> r.path("error").path("code").asText().equals("BATCH_CANCELLED")).count();
        long answered = results.stream().filter(r -> r.path("response").path("status_code").asInt() == 200).count();
        assertThat(cancelled).as("the requests still queued were cancelled").isGreaterThan(500);
        assertThat(answered).as("those already started finished").isPositive();
        assertThat(cancelled + answered).isEqualTo(1_000);
    }

    @Test
    void anInvalidFileIsRefusedWholeWithEveryProblemByItsLineInTheFile() throws Exception {
        Path input = Files.createTempFile("bad-batch", ".jsonl");
        // Blank lines count as the file has them: an editor's line 3 is line 3 in the refusal.
        Files.writeString(input, """
                {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": "hi"}]}}

                {"custom_id": "a", "method": "GET", "url": "/v1/embeddings", "body": {}}
                \t
                not json
                """);
        CliRun run = CliRun.of("batch", "submit", input.toString(), "--tenant=acme", "--bootstrap-servers=localhost:1");
        assertThat(run.code()).isEqualTo(SwitchyardCli.USAGE);
        assertThat(run.err()).contains("line 3: custom_id 'a' appears twice", "line 3: method must be POST",
                "line 3: url must be /v1/chat/completions", "line 3: body.messages is missing or empty", "line 5: not JSON");
        assertThat(run.err()).doesNotContain("line 2:", "line 4:");
    }

    @Test
    void toolsAndResponseFormatsGoThroughABatchAndComeBackAsOpenAiWouldReturnThem() throws Exception {
        Path dir = Files.createTempDirectory("batch-chat");
        Path input = dir.resolve("input.jsonl");
        String weather = "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"The forecast\", "
                + "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}";
        String schema = "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"city\", \"strict\": true, \"schema\": "
                + "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"name\", \"population\"], "
                + "\"properties\": {\"name\": {\"type\": \"string\"}, \"population\": {\"type\": \"integer\"}}}}}";
        Files.write(input, List.of(
                "{\"custom_id\": \"tools\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"gpt-4o-mini\", "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"Weather in Oslo?\"}], \"tools\": [" + weather + "], "
                        + "\"tool_choice\": \"required\", \"max_tokens\": 50}}",
                "{\"custom_id\": \"json\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"gpt-4o-mini\", "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"The largest city of Norway, as JSON.\"}], "
                        + "\"response_format\": " + schema + ", \"seed\": 7, \"top_p\": 0.9, \"stop\": [\"END\"], \"max_tokens\": 80}}",
                "{\"custom_id\": \"answer\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {\"model\": \"gpt-4o-mini\", "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"Weather in Oslo?\"}, {\"role\": \"assistant\", \"content\": null, "
                        + "\"tool_calls\": [{\"id\": \"call_9\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                        + "\"arguments\": \"{\\\"city\\\": \\\"Oslo\\\"}\"}}]}, {\"role\": \"tool\", \"tool_call_id\": \"call_9\", "
                        + "\"content\": \"snow, -3 C\"}], \"tools\": [" + weather + "]}}"));
        Path output = dir.resolve("output.jsonl");
        try (InProcessStack stack = new InProcessStack()) {
            stack.startRouter("router-1");
            stack.startExecutor();
            String kafka = "--bootstrap-servers=" + stack.kafka.bootstrapServers();
            CliRun submit = CliRun.of("batch", "submit", input.toString(), "--tenant=acme", "--id=b-chat", kafka);
            assertThat(submit.code()).as(submit.err()).isZero();
            CliRun results = CliRun.of("batch", "results", "b-chat", "--wait", "--timeout=2m", "-o", output.toString(), kafka);
            assertThat(results.code()).as(results.out() + results.err()).isZero();
        }
        ObjectMapper json = new ObjectMapper();
        java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (String line : Files.readAllLines(output)) {
            JsonNode node = json.readTree(line);
            byId.put(node.get("custom_id").asText(), node);
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrder("tools", "json", "answer");

        JsonNode called = byId.get("tools").path("response").path("body").path("choices").get(0);
        assertThat(called.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(called.path("message").path("content").isNull()).as("no text beside the calls").isTrue();
        JsonNode call = called.path("message").path("tool_calls").get(0);
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("id").asText()).isNotBlank();
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(json.readTree(call.path("function").path("arguments").asText()).has("city")).isTrue();

        JsonNode structured = byId.get("json").path("response").path("body").path("choices").get(0);
        assertThat(structured.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode city = json.readTree(structured.path("message").path("content").asText());
        assertThat(city.path("name").isTextual() && city.path("population").isIntegralNumber()).as(city.toString()).isTrue();

        JsonNode answered = byId.get("answer").path("response").path("body").path("choices").get(0);
        assertThat(answered.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(answered.path("message").path("content").asText()).contains("snow, -3 C");
        assertThat(answered.path("message").has("tool_calls")).isFalse();
    }

    @Test
    void aFieldSwitchyardDoesNotSupportIsRefusedByItsLine() throws Exception {
        Path input = Files.createTempFile("unsupported-batch", ".jsonl");
        Files.writeString(input, """
                {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": "hi"}]}}
                {"custom_id": "b", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": "hi"}], "logprobs": true}}
                """);
        CliRun run = CliRun.of("batch", "submit", input.toString(), "--tenant=acme", "--bootstrap-servers=localhost:1");
        assertThat(run.code()).isEqualTo(SwitchyardCli.USAGE);
        assertThat(run.err()).contains("line 2:", "logprobs").doesNotContain("line 1:");
    }

    /** Until the first request of the batch has an answer: some have started, and most are still queued. */
    private static void awaitFirstAnswer(InProcessStack stack) {
        try (TopicReader<String, LlmResult> results = new TopicReader<>(stack.kafka, stack.topics.results, true)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (results.poll(Duration.ofMillis(100)).stream().anyMatch(r -> r.value().getStatus() == ResultStatus.SUCCEEDED)) {
                    return;
                }
            }
        }
        throw new AssertionError("no request of the batch was answered within 60 s");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
