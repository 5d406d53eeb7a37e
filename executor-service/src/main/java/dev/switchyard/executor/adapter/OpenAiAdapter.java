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
import dev.switchyard.schema.ToolCall;
import java.util.ArrayList;
import java.util.List;
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
            json.writeValueAsBytes(OpenAiParams.of(CompletionCall.WARM_UP)._body());
            json.writeValueAsBytes(OpenAiParams.of(CompletionCall.WARM_UP).toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build()._body());
            json.readValue(WARM_UP_COMPLETION, ChatCompletion.class).validate();
            json.readValue(WARM_UP_CHUNK, ChatCompletionChunk.class).validate();
        } catch (Exception e) {
            throw new IllegalStateException("OpenAI SDK warm-up failed", e);
        }
    }

    private static final String WARM_UP_COMPLETION = """
            {"id": "w", "object": "chat.completion", "created": 0, "model": "m",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok", "refusal": null,
                          "tool_calls": [{"id": "c", "type": "function", "function": {"name": "look", "arguments": "{}"}}]},
                          "finish_reason": "stop", "logprobs": null}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2,
                       "prompt_tokens_details": {"cached_tokens": 0}}}""";
    private static final String WARM_UP_CHUNK = """
            {"id": "w", "object": "chat.completion.chunk", "created": 0, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "ok", "tool_calls": [{"index": 0, "id": "c", "type": "function",
                          "function": {"name": "look", "arguments": "{}"}}]}, "finish_reason": "stop", "logprobs": null}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}""";

    @Override
    public Completion complete(CompletionCall call) throws ProviderCallException {
        ChatCompletionCreateParams params = OpenAiParams.of(call);
        try {
            return AnswerCheck.checked(call, stream ? streamed(params) : whole(params));
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

    private Completion whole(ChatCompletionCreateParams params) throws ProviderCallException {
        ChatCompletion completion = clients.next().chat().completions().create(params);
        Optional<ChatCompletion.Choice> choice = completion.choices().stream().findFirst();
        String finish = choice.map(c -> c.finishReason().asString()).orElse(null);
        String content = choice.flatMap(c -> c.message().content()).orElse("");
        List<ToolCall> calls = new ArrayList<>();
        choice.flatMap(c -> c.message().toolCalls()).orElse(List.of()).forEach(call -> call.function().ifPresent(
                function -> calls.add(new ToolCall(function.id(), function.function().name(), function.function().arguments()))));
        return completion(content, calls, finish, completion.usage().orElse(null));
    }

    private Completion streamed(ChatCompletionCreateParams params) throws ProviderCallException {
        ChatCompletionCreateParams streaming = params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        StringBuilder content = new StringBuilder();
        StreamedToolCalls calls = new StreamedToolCalls();
        String finish = null;
        CompletionUsage usage = null;
        try (StreamResponse<ChatCompletionChunk> chunks = clients.next().chat().completions().createStreaming(streaming)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) chunks.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(content::append);
                    for (ChatCompletionChunk.Choice.Delta.ToolCall call : choice.delta().toolCalls().orElse(List.of())) {
                        calls.add((int) call.index(), call.id().orElse(null),
                                call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name).orElse(null),
                                call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments).orElse(null));
                    }
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
        return completion(content.toString(), calls.calls(), finish, usage);
    }

    private static Completion completion(String content, List<ToolCall> calls, String finish, CompletionUsage usage)
            throws ProviderCallException {
        // prompt_tokens already includes cached_tokens and image tokens; OpenAI-compatible APIs report
        // no cache writes apart (there is no write premium), so cacheWriteInputTokens stays 0.
        String reason = "function_call".equals(finish) ? Completion.TOOL_CALLS : finish;
        Completion completion = usage == null
                ? new Completion(content, calls, reason, 0, 0, 0, 0)
                : new Completion(content, calls, reason, (int) usage.promptTokens(),
                        usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L).intValue(),
                        (int) usage.completionTokens(), 0);
        if (Completion.CONTENT_FILTER.equals(reason)) {
            throw new ProviderCallException(AttemptOutcome.CONTENT_FILTER, "answer withheld by the provider's content filter",
                    null, completion.billed() ? completion : null);
        }
        if (usage == null && (!content.isBlank() || !calls.isEmpty())) {
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, "answer without usage: its cost cannot be counted");
        }
        return completion;
    }

    @Override
    public void close() {
        clients.close();
    }
}
