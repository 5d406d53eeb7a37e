package dev.switchyard.executor.adapter;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.switchyard.core.outcome.AttemptOutcome;
import dev.switchyard.schema.Message;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenAI Chat Completions through the official OpenAI Java SDK: OpenAI itself, Azure OpenAI,
 * OpenRouter, vLLM, Ollama, Gemini's and Mistral's compatible endpoints, and provider-sim.
 */
public final class OpenAiAdapter implements ProviderAdapter {

    private final ClientShards<OpenAIClient> clients;
    private final boolean stream;

    public OpenAiAdapter(String baseUrl, String apiKey, AdapterOptions options) {
        JsonMapper json = SdkJson.pooled(ObjectMappers.jsonMapper());
        warmUp(json);
        this.clients = new ClientShards<>(options.clientShards(), () -> OpenAIOkHttpClient.builder()
                .jsonMapper(json)
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .maxRetries(0)
                // The call timeout alone: see AdapterOptions#callTimeout.
                .timeout(Timeout.builder().connect(options.callTimeout()).read(Duration.ZERO).write(Duration.ZERO)
                        .request(options.callTimeout()).build())
                .maxIdleConnections(options.idleConnectionsPerShard())
                .keepAliveDuration(Duration.ofMinutes(5))
                .build(), OpenAIClient::close);
        this.stream = options.stream();
    }

    /** See {@link CompletionCall#WARM_UP}. */
    private static void warmUp(JsonMapper json) {
        KotlinReflectionCache.hold(ChatCompletionCreateParams.class);
        try {
            json.writeValueAsBytes(params(CompletionCall.WARM_UP)._body());
            json.writeValueAsBytes(params(CompletionCall.WARM_UP).toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build()._body());
            json.readValue(WARM_UP_COMPLETION, ChatCompletion.class).validate();
            json.readValue(WARM_UP_CHUNK, ChatCompletionChunk.class).validate();
        } catch (Exception e) {
            throw new IllegalStateException("OpenAI SDK warm-up failed", e);
        }
    }

    private static final String WARM_UP_COMPLETION = """
            {"id": "w", "object": "chat.completion", "created": 0, "model": "m",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok", "refusal": null},
                          "finish_reason": "stop", "logprobs": null}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2,
                       "prompt_tokens_details": {"cached_tokens": 0}}}""";
    private static final String WARM_UP_CHUNK = """
            {"id": "w", "object": "chat.completion.chunk", "created": 0, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "ok"}, "finish_reason": "stop", "logprobs": null}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}""";

    @Override
    public Completion complete(CompletionCall call) throws ProviderCallException {
        ChatCompletionCreateParams params = params(call);
        try {
            return stream ? streamed(params) : whole(params);
        } catch (OpenAIServiceException e) {
            String message = e.getMessage();
            throw new ProviderCallException(FailureClassifier.classify(e.statusCode(), e.code().orElse(null), message),
                    "HTTP " + e.statusCode() + ": " + message,
                    FailureClassifier.retryAfter(e.headers().values("Retry-After").stream().findFirst().orElse(null)), null);
        } catch (OpenAIIoException e) {
            throw new ProviderCallException(FailureClassifier.classifyIo(e), "I/O: " + FailureClassifier.describe(e));
        } catch (OpenAIException e) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "unreadable answer: " + e.getMessage());
        }
    }

    private static ChatCompletionCreateParams params(CompletionCall call) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(call.model())
                .maxCompletionTokens(call.maxOutputTokens());
        for (Message message : call.messages()) {
            switch (message.getRole()) {
                case "system" -> params.addSystemMessage(message.getContent());
                case "assistant" -> params.addAssistantMessage(message.getContent());
                default -> params.addUserMessage(message.getContent());
            }
        }
        if (call.temperature() != null) {
            params.temperature(call.temperature().doubleValue());
        }
        return params.build();
    }

    private Completion whole(ChatCompletionCreateParams params) throws ProviderCallException {
        ChatCompletion completion = clients.next().chat().completions().create(params);
        Optional<ChatCompletion.Choice> choice = completion.choices().stream().findFirst();
        String finish = choice.map(c -> c.finishReason().asString()).orElse(null);
        String content = choice.flatMap(c -> c.message().content()).orElse("");
        return checked(content, finish, completion.usage().orElse(null));
    }

    private Completion streamed(ChatCompletionCreateParams params) throws ProviderCallException {
        ChatCompletionCreateParams streaming = params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        StringBuilder content = new StringBuilder();
        String finish = null;
        CompletionUsage usage = null;
        try (StreamResponse<ChatCompletionChunk> chunks = clients.next().chat().completions().createStreaming(streaming)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) chunks.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(content::append);
                    if (choice.finishReason().isPresent()) {
                        finish = choice.finishReason().get().asString();
                    }
                }
                // The usage chunk may also carry choices (litellm #36168): read it whatever else it holds.
                if (chunk.usage().isPresent()) {
                    usage = chunk.usage().get();
                }
            }
        }
        if (finish == null || usage == null) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR,
                    "stream ended without its " + (finish == null ? "finish reason" : "usage") + ": truncated");
        }
        return checked(content.toString(), finish, usage);
    }

    private static Completion checked(String content, String finish, CompletionUsage usage) throws ProviderCallException {
        // prompt_tokens already includes cached_tokens; OpenAI-compatible APIs report no cache writes
        // apart (there is no write premium), so cacheWriteInputTokens stays 0.
        Completion completion = usage == null
                ? new Completion(content, 0, 0, 0)
                : new Completion(content, (int) usage.promptTokens(),
                        usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L).intValue(),
                        (int) usage.completionTokens());
        if ("content_filter".equals(finish)) {
            throw new ProviderCallException(AttemptOutcome.CONTENT_FILTER, "answer withheld by the provider's content filter",
                    null, completion.billed() ? completion : null);
        }
        if (content.isBlank()) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "empty answer (finish reason " + finish + ")",
                    null, completion.billed() ? completion : null);
        }
        if (usage == null) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "answer without usage: its cost cannot be counted");
        }
        return completion;
    }

    @Override
    public void close() {
        clients.close();
    }
}
