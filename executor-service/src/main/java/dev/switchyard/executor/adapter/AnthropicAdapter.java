package dev.switchyard.executor.adapter;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.Timeout;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawContentBlockDeltaEvent;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.Usage;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages through the official Anthropic Java SDK. Anthropic's usage splits the input
 * three ways, none inside another: {@code input_tokens} (plain input only),
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}. Switchyard's
 * inputTokens keep their meaning for every provider (all input tokens, as OpenAI's
 * {@code prompt_tokens}), so the three are added up; the reads go on as cachedInputTokens and
 * the writes as cacheWriteInputTokens, the parts of it ModelPrice bills at the cached and the
 * cache-write price. Each token is so counted once, and none is dropped.
 */
public final class AnthropicAdapter implements ProviderAdapter {

    private final ClientShards<AnthropicClient> clients;
    private final boolean stream;

    public AnthropicAdapter(String baseUrl, String apiKey, AdapterOptions options) {
        JsonMapper json = SdkJson.pooled(ObjectMappers.jsonMapper());
        warmUp(json);
        this.clients = new ClientShards<>(options.clientShards(), () -> AnthropicOkHttpClient.builder()
                .jsonMapper(json)
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .maxRetries(0)
                // The call timeout alone: see AdapterOptions#callTimeout.
                .timeout(Timeout.builder().connect(options.callTimeout()).read(Duration.ZERO).write(Duration.ZERO)
                        .request(options.callTimeout()).build())
                .maxIdleConnections(options.idleConnectionsPerShard())
                .keepAliveDuration(Duration.ofMinutes(5))
                .build(), AnthropicClient::close);
        this.stream = options.stream();
    }

    /** See {@link CompletionCall#WARM_UP}. */
    private static void warmUp(JsonMapper json) {
        try {
            json.writeValueAsBytes(AnthropicParams.of(CompletionCall.WARM_UP)._body());
            json.readValue(WARM_UP_MESSAGE, com.anthropic.models.messages.Message.class).validate();
            for (String event : WARM_UP_EVENTS) {
                json.readValue(event, RawMessageStreamEvent.class).validate();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Anthropic SDK warm-up failed", e);
        }
    }

    private static final String WARM_UP_MESSAGE = """
            {"id": "w", "type": "message", "role": "assistant", "model": "m", "stop_reason": "end_turn",
             "stop_sequence": null, "content": [{"type": "text", "text": "ok"}, {"type": "tool_use", "id": "t", "name": "look", "input": {"q": "a"}}],
             "usage": {"input_tokens": 1, "output_tokens": 1, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}}""";
    private static final List<String> WARM_UP_EVENTS = List.of("""
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "ok"}}""", """
            {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "t", "name": "look", "input": {}}}""", """
            {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{}"}}""");

    @Override
    public Completion complete(CompletionCall call) throws ProviderCallException {
        MessageCreateParams params = AnthropicParams.of(call);
        String responseTool = AnthropicParams.responseTool(call);
        try {
            return AnswerCheck.checked(call, stream ? streamed(params, responseTool) : whole(params, responseTool));
        } catch (AnthropicServiceException e) {
            String message = e.apiMessage().orElse(e.getMessage());
            throw new ProviderCallException(
                    FailureClassifier.classify(e.statusCode(), e.errorType().map(Object::toString).orElse(null), message),
                    "HTTP " + e.statusCode() + ": " + message,
                    FailureClassifier.retryAfter(e.headers().values("retry-after").stream().findFirst().orElse(null)), null);
        } catch (AnthropicIoException e) {
            throw new ProviderCallException(FailureClassifier.classifyIo(e), "I/O: " + FailureClassifier.describe(e));
        } catch (AnthropicException e) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "unreadable answer: " + e.getMessage());
        }
    }

    private Completion whole(MessageCreateParams params, String responseTool) throws ProviderCallException {
        com.anthropic.models.messages.Message message = clients.next().messages().create(params);
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            block.text().map(TextBlock::text).ifPresent(content::append);
            block.toolUse().ifPresent(use -> calls.add(new ToolCall(use.id(), use.name(), SdkJsonValues.text(use._input().convert(Object.class)))));
        }
        return completion(content.toString(), calls, responseTool, message.stopReason().orElse(null), message.usage(),
                (int) message.usage().outputTokens());
    }

    private Completion streamed(MessageCreateParams params, String responseTool) throws ProviderCallException {
        StringBuilder content = new StringBuilder();
        StreamedToolCalls calls = new StreamedToolCalls();
        Usage input = null;
        int output = 0;
        StopReason stopReason = null;
        boolean stopped = false;
        try (StreamResponse<RawMessageStreamEvent> events = clients.next().messages().createStreaming(params)) {
            for (RawMessageStreamEvent event : (Iterable<RawMessageStreamEvent>) events.stream()::iterator) {
                if (event.messageStart().isPresent()) {
                    // message_start carries the input usage: plain, cache reads and cache writes.
                    input = event.messageStart().get().message().usage();
                } else if (event.contentBlockStart().isPresent()) {
                    RawContentBlockStartEvent start = event.contentBlockStart().get();
                    start.contentBlock().toolUse().ifPresent(use -> calls.add((int) start.index(), use.id(), use.name(), null));
                } else if (event.contentBlockDelta().isPresent()) {
                    RawContentBlockDeltaEvent delta = event.contentBlockDelta().get();
                    delta.delta().text().ifPresent(text -> content.append(text.text()));
                    delta.delta().inputJson().ifPresent(json -> calls.add((int) delta.index(), null, null, json.partialJson()));
                } else if (event.messageDelta().isPresent()) {
                    // message_delta carries the final, cumulative output token count.
                    output = (int) event.messageDelta().get().usage().outputTokens();
                    stopReason = event.messageDelta().get().delta().stopReason().orElse(null);
                } else if (event.isMessageStop()) {
                    stopped = true;
                }
            }
        }
        if (!stopped) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "stream ended without message_stop: truncated");
        }
        return completion(content.toString(), calls.calls(), responseTool, stopReason, input, output);
    }

    /**
     * Switchyard's completion from Anthropic's answer: counts as the class comment says, the stop
     * reason in the contract's words, and a call of the response tool as the answer's text.
     */
    private static Completion completion(String text, List<ToolCall> calls, String responseTool, StopReason stopReason,
                                         Usage usage, int outputTokens) throws ProviderCallException {
        String content = text;
        List<ToolCall> toolCalls = calls;
        String finish = finishReason(stopReason);
        if (responseTool != null) {
            ToolCall answer = calls.stream().filter(call -> call.getName().equals(responseTool)).findFirst().orElse(null);
            if (answer != null) {
                content = answer.getArgumentsJson();
                toolCalls = calls.stream().filter(call -> call != answer).toList();
                finish = toolCalls.isEmpty() ? (Completion.TOOL_CALLS.equals(finish) ? Completion.STOP : finish) : finish;
            }
        }
        Completion completion;
        if (usage == null) {
            completion = new Completion(content, toolCalls, finish, 0, 0, outputTokens, 0);
        } else {
            int cacheReads = usage.cacheReadInputTokens().orElse(0L).intValue();
            int cacheWrites = usage.cacheCreationInputTokens().orElse(0L).intValue();
            completion = new Completion(content, toolCalls, finish, (int) usage.inputTokens() + cacheReads + cacheWrites,
                    cacheReads, outputTokens, cacheWrites);
        }
        Completion billed = completion.billed() ? completion : null;
        if (StopReason.REFUSAL.equals(stopReason)) {
            throw new ProviderCallException(AttemptOutcome.CONTENT_FILTER, "the model refused to answer", null, billed);
        }
        if (StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED.equals(stopReason)) {
            throw new ProviderCallException(AttemptOutcome.CONTEXT_LENGTH, "the answer ran past the context window", null, billed);
        }
        return completion;
    }

    /** Anthropic's stop reason as the contract's finish reason; refusals and overflows fail the attempt instead. */
    private static String finishReason(StopReason stopReason) {
        if (StopReason.MAX_TOKENS.equals(stopReason)) {
            return Completion.LENGTH;
        }
        if (StopReason.TOOL_USE.equals(stopReason)) {
            return Completion.TOOL_CALLS;
        }
        return Completion.STOP; // end_turn, stop_sequence, pause_turn
    }

    @Override
    public void close() {
        clients.close();
    }
}
