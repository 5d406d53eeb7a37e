package dev.switchyard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's wire formats and knobs, over real HTTP with a plain client. */
class SimServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = """
            {"model": "m", "max_tokens": %d, "stream": %s, "stream_options": {"include_usage": true},
             "messages": [{"role": "user", "content": "Tell me about Kafka"}]}""";
    private final HttpClient http = HttpClient.newHttpClient();
    private SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start("127.0.0.1", 0, Knobs.defaults());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void openAiCompletionsAreDeterministicWithUsage() throws Exception {
        JsonNode first = JSON.readTree(post("/v1/chat/completions", CHAT.formatted(1000, false)).body());
        JsonNode again = JSON.readTree(post("/v1/chat/completions", CHAT.formatted(1000, false)).body());
        assertThat(first.at("/choices/0/message/content").asText()).isNotBlank().isEqualTo(again.at("/choices/0/message/content").asText());
        assertThat(first.at("/usage/prompt_tokens").asInt()).isEqualTo(4 + (19 + 3) / 4);
        assertThat(first.at("/usage/completion_tokens").asInt())
                .isEqualTo(first.at("/choices/0/message/content").asText().split(" ").length);
        assertThat(first.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void openAiStreamsEndWithUsageAndDone() throws Exception {
        String body = post("/v1/chat/completions", CHAT.formatted(3, true)).body();
        List<String> events = Arrays.stream(body.split("\n\n")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        JsonNode usage = JSON.readTree(events.get(events.size() - 2).substring("data: ".length()));
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(JSON.readTree(events.get(events.size() - 3).substring(6)).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void anthropicStreamsEndWithMessageStop() throws Exception {
        String body = post("/v1/messages", """
                {"model": "m", "max_tokens": 5, "stream": true, "system": "be brief",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]}""").body();
        assertThat(body).startsWith("event: message_start").contains("event: content_block_delta")
                .contains("\"output_tokens\":5").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void anthropicReportsCacheReadsAndWritesApartFromInputTokensAsTheKnobsSay() throws Exception {
        String request = """
                {"model": "m", "max_tokens": 50, "messages": [{"role": "user", "content": "%s"}]}""".formatted("x".repeat(400));
        JsonNode plain = JSON.readTree(post("/v1/messages", request).body()).path("usage");
        assertThat(plain.path("input_tokens").asInt()).isEqualTo(4 + 100);
        assertThat(plain.path("cache_read_input_tokens").asInt()).isZero();
        assertThat(plain.path("cache_creation_input_tokens").asInt()).isZero();

        assertThat(put("/admin/knobs/m", "{\"cachedInputShare\": 0.5, \"cacheWriteInputShare\": 0.25}").statusCode()).isEqualTo(200);
        JsonNode cached = JSON.readTree(post("/v1/messages", request).body()).path("usage");
        // 104 tokens: 52 read, 26 written, the other 26 in input_tokens, as Anthropic splits them.
        assertThat(cached.path("input_tokens").asInt()).isEqualTo(26);
        assertThat(cached.path("cache_read_input_tokens").asInt()).isEqualTo(52);
        assertThat(cached.path("cache_creation_input_tokens").asInt()).isEqualTo(26);
        assertThat(cached.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isEqualTo(26);
        // Writes never take more than the reads leave.
        assertThat(put("/admin/knobs/m", "{\"cachedInputShare\": 0.75, \"cacheWriteInputShare\": 0.5}").statusCode()).isEqualTo(200);
        JsonNode capped = JSON.readTree(post("/v1/messages", request).body()).path("usage");
        assertThat(capped.path("input_tokens").asInt()).isZero();
        assertThat(capped.path("cache_read_input_tokens").asInt()).isEqualTo(78);
        assertThat(capped.path("cache_creation_input_tokens").asInt()).isEqualTo(26);
    }

    @Test
    void knobsChangeAtRunTimeAndUnknownOnesAreRefused() throws Exception {
        HttpResponse<String> changed = put("/admin/knobs/m", "{\"rateLimitRate\": 1, \"retryAfterSeconds\": 9}");
        assertThat(changed.statusCode()).isEqualTo(200);
        HttpResponse<String> limited = post("/v1/chat/completions", CHAT.formatted(10, false));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("9");
        assertThat(JSON.readTree(limited.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");

        assertThat(put("/admin/knobs/m", "{\"errorRat\": 1}").body()).contains("unknown knob 'errorRat'");
        assertThat(put("/admin/knobs/m", "{\"errorRate\": 3}").statusCode()).isEqualTo(400);
        assertThat(sim.knobs().calls("m")).isEqualTo(1);
    }

    @Test
    void promptsBeyondTheContextWindowGetEachProvidersError() throws Exception {
        sim.knobs().set("m", Knobs.defaults().with(Map.of("contextWindow", 3)));
        HttpResponse<String> openAi = post("/v1/chat/completions", CHAT.formatted(10, false));
        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(openAi.body()).at("/error/code").asText()).isEqualTo("context_length_exceeded");
        HttpResponse<String> anthropic = post("/v1/messages", """
                {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "Tell me about Kafka"}]}""");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(anthropic.body()).at("/error/message").asText()).startsWith("prompt is too long");
    }

    @Test
    void answersAfterTheModelsLatencyWithoutHoldingOthersBack() throws Exception {
        sim.knobs().set("slow", Knobs.defaults().with(Map.of("latencyMs", 600, "jitterMs", 0)));
        long start = System.nanoTime();
        var slow = http.sendAsync(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(8, false).replace("\"m\"", "\"slow\""))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post("/v1/chat/completions", CHAT.formatted(8, false)).statusCode()).isEqualTo(200);
        Duration fast = Duration.ofNanos(System.nanoTime() - start);
        assertThat(slow.get().statusCode()).isEqualTo(200);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(fast).isLessThan(Duration.ofMillis(600));
    }

    @Test
    void refusesWhatItCannotReadWithAReason() throws Exception {
        HttpResponse<String> notJson = post("/v1/chat/completions", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).at("/error/message").asText()).startsWith("the body is not JSON");
        assertThat(post("/v1/nowhere", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/messages")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void refusesBadImagesToolAnswersToNoCallAndToolChoicesOfNoTool() throws Exception {
        HttpResponse<String> image = post("/v1/chat/completions", """
                {"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url",
                 "image_url": {"url": "data:image/png;base64,aGVsbG8="}}]}]}""");
        assertThat(image.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(image.body()).at("/error/message").asText()).contains("could not be decoded");
        HttpResponse<String> orphan = post("/v1/messages", """
                {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
                 {"type": "tool_result", "tool_use_id": "toolu_x", "content": "42"}]}]}""");
        assertThat(orphan.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(orphan.body()).at("/error/message").asText()).contains("toolu_x");
        HttpResponse<String> choice = post("/v1/chat/completions", """
                {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tool_choice": {"type": "function", "function": {"name": "nope"}},
                 "tools": [{"type": "function", "function": {"name": "look"}}]}""");
        assertThat(choice.statusCode()).isEqualTo(400);
    }

    @Test
    void toolCallsFollowTheKnobAndToolResultsAreAnsweredInText() throws Exception {
        String tools = "\"tools\": [{\"name\": \"look\", \"input_schema\": {\"type\": \"object\", \"properties\": "
                + "{\"q\": {\"type\": \"string\"}}, \"required\": [\"q\"]}}]";
        JsonNode called = JSON.readTree(post("/v1/messages", "{\"model\": \"m\", \"max_tokens\": 50, " + tools
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"find cats\"}]}").body());
        assertThat(called.at("/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(called.at("/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(called.at("/content/0/input/q").isTextual()).isTrue();

        sim.knobs().set("m", Knobs.defaults().with(Map.of("toolCalls", 0)));
        JsonNode text = JSON.readTree(post("/v1/messages", "{\"model\": \"m\", \"max_tokens\": 50, " + tools
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"find cats\"}]}").body());
        assertThat(text.at("/stop_reason").asText()).isEqualTo("end_turn");

        String id = called.at("/content/0/id").asText();
        JsonNode answered = JSON.readTree(post("/v1/messages", "{\"model\": \"m\", \"max_tokens\": 50, " + tools
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"find cats\"}, {\"role\": \"assistant\", \"content\": "
                + called.get("content") + "}, {\"role\": \"user\", \"content\": [{\"type\": \"tool_result\", \"tool_use_id\": \""
                + id + "\", \"content\": \"three cats\"}]}]}").body());
        assertThat(answered.at("/content/0/text").asText()).contains("three cats");
    }

    @Test
    void schemaAnswersAreValidUnlessTheKnobBreaksThem() throws Exception {
        String body = """
                {"model": "m", "messages": [{"role": "user", "content": "a city"}], "response_format": {"type": "json_schema",
                 "json_schema": {"name": "c", "strict": true, "schema": {"type": "object", "required": ["name", "size"],
                 "properties": {"name": {"type": "string"}, "size": {"type": "string", "enum": ["big", "small"]},
                 "parts": {"type": "array", "items": {"$ref": "#/$defs/part"}}}, "$defs": {"part": {"type": "integer"}}}}}}""";
        JsonNode valid = JSON.readTree(JSON.readTree(post("/v1/chat/completions", body).body()).at("/choices/0/message/content").asText());
        assertThat(valid.get("name").isTextual()).isTrue();
        assertThat(valid.get("size").asText()).isEqualTo("big");
        assertThat(valid.get("parts").get(0).isInt()).isTrue();
        sim.knobs().set("m", Knobs.defaults().with(Map.of("invalidJson", true)));
        JsonNode broken = JSON.readTree(JSON.readTree(post("/v1/chat/completions", body).body()).at("/choices/0/message/content").asText());
        assertThat(broken.has("name")).as("the first required property is left out").isFalse();
    }

    @Test
    void saysWhichAddressItCannotListenOn() {
        assertThatThrownBy(() -> SimServer.start("127.0.0.1", sim.port(), Knobs.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot listen on 127.0.0.1:" + sim.port());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
