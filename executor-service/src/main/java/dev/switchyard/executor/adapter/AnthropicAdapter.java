package dev.switchyard.executor.adapter;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.Timeout;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.Usage;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.Message;
import java.time.Duration;
import java.util.StringJoiner;

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
            json.writeValueAsBytes(params(CompletionCall.WARM_UP)._body());
            json.readValue(WARM_UP_MESSAGE, com.anthropic.models.messages.Message.class).validate();
            json.readValue(WARM_UP_EVENT, RawMessageStreamEvent.class).validate();
        } catch (Exception e) {
            throw new IllegalStateException("Anthropic SDK warm-up failed", e);
        }
    }

    private static final String WARM_UP_MESSAGE = """
            {"id": "w", "type": "message", "role": "assistant", "model": "m", "stop_reason": "end_turn",
             "stop_sequence": null, "content": [{"type": "text", "text": "ok"}],
             "usage": {"input_tokens": 1, "output_tokens": 1, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}}""";
    private static final String WARM_UP_EVENT = """
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "ok"}}""";

    @Override
    public Completion complete(CompletionCall call) throws ProviderCallException {
        MessageCreateParams params = params(call);
        try {
            return stream ? streamed(params) : whole(params);
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

    private static MessageCreateParams params(CompletionCall call) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(call.model())
                .maxTokens(call.maxOutputTokens());
        StringJoiner system = new StringJoiner("\n\n");
        for (Message message : call.messages()) {
            switch (message.getRole()) {
                case "system" -> system.add(message.getContent());
                case "assistant" -> params.addAssistantMessage(message.getContent());
                default -> params.addUserMessage(message.getContent());
            }
        }
        if (system.length() > 0) {
            params.system(system.toString());
        }
        if (call.temperature() != null) {
            // This SDK version has no typed setter; the Messages API still takes the field.
            params.putAdditionalBodyProperty("temperature", JsonValue.from(call.temperature().doubleValue()));
        }
        return params.build();
    }

    private Completion whole(MessageCreateParams params) throws ProviderCallException {
        com.anthropic.models.messages.Message message = clients.next().messages().create(params);
        StringBuilder content = new StringBuilder();
        for (ContentBlock block : message.content()) {
            block.text().map(TextBlock::text).ifPresent(content::append);
        }
        return checked(content.toString(), message.stopReason().orElse(null),
                completion(content.toString(), message.usage(), (int) message.usage().outputTokens()));
    }

    private Completion streamed(MessageCreateParams params) throws ProviderCallException {
        StringBuilder content = new StringBuilder();
        Usage input = null;
        int output = 0;
        StopReason stopReason = null;
        boolean stopped = false;
        try (StreamResponse<RawMessageStreamEvent> events = clients.next().messages().createStreaming(params)) {
            for (RawMessageStreamEvent event : (Iterable<RawMessageStreamEvent>) events.stream()::iterator) {
                if (event.messageStart().isPresent()) {
                    // message_start carries the input usage: plain, cache reads and cache writes.
                    input = event.messageStart().get().message().usage();
                } else if (event.contentBlockDelta().isPresent()) {
                    event.contentBlockDelta().get().delta().text().ifPresent(delta -> content.append(delta.text()));
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
        return checked(content.toString(), stopReason, completion(content.toString(), input, output));
    }

    /** Switchyard's counts from Anthropic's usage: see the class comment. */
    private static Completion completion(String content, Usage usage, int outputTokens) {
        if (usage == null) {
            return new Completion(content, 0, 0, outputTokens, 0);
        }
        int cacheReads = usage.cacheReadInputTokens().orElse(0L).intValue();
        int cacheWrites = usage.cacheCreationInputTokens().orElse(0L).intValue();
        return new Completion(content, (int) usage.inputTokens() + cacheReads + cacheWrites, cacheReads, outputTokens, cacheWrites);
    }

    private static Completion checked(String content, StopReason stopReason, Completion completion) throws ProviderCallException {
        if (StopReason.REFUSAL.equals(stopReason)) {
            throw new ProviderCallException(AttemptOutcome.CONTENT_FILTER, "the model refused to answer", null,
                    completion.billed() ? completion : null);
        }
        if (StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED.equals(stopReason)) {
            throw new ProviderCallException(AttemptOutcome.CONTEXT_LENGTH, "the answer ran past the context window", null,
                    completion.billed() ? completion : null);
        }
        if (content.isBlank()) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "empty answer (stop reason " + stopReason + ")",
                    null, completion.billed() ? completion : null);
        }
        return completion;
    }

    @Override
    public void close() {
        clients.close();
    }
}
