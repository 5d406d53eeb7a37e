package dev.switchyard.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** {@code POST /v1/chat/completions}, as the OpenAI API answers it, streamed (SSE) or not. */
final class OpenAiHandler implements HttpHandler {

    private final Behaviour behaviour;

    OpenAiHandler(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, new Fault(405, Fault.Kind.BAD_REQUEST, "use POST", -1));
                return;
            }
            Prompt prompt = Prompt.openAi(Http.readJson(exchange));
            if (!prompt.valid()) {
                sendError(exchange, Fault.badRequest("model and messages are required"));
                return;
            }
            Optional<Fault> fault = behaviour.before(prompt.model(), Http.bearerOrKey(exchange), prompt.contents());
            if (fault.isPresent()) {
                sendError(exchange, fault.get());
                return;
            }
            Answers.Answer answer = Answers.answer(prompt.model(), prompt.contents(), prompt.maxTokens());
            int cached = behaviour.cachedTokens(prompt.model(), answer.inputTokens());
            String id = "chatcmpl-sim-" + Integer.toHexString(answer.text().hashCode() ^ prompt.contents().hashCode());
            if (prompt.stream()) {
                stream(exchange, prompt, answer, cached, id);
            } else {
                ObjectNode body = envelope(id, "chat.completion", prompt.model());
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", answer.text()).putNull("refusal");
                choice.put("finish_reason", answer.cutByLimit() ? "length" : "stop");
                choice.putNull("logprobs");
                body.set("usage", usage(answer, cached));
                Http.sendJson(exchange, 200, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (a timeout on its side): nothing left to answer.
        }
    }

    private void stream(HttpExchange exchange, Prompt prompt, Answers.Answer answer, int cached, String id) throws IOException {
        OutputStream out = Http.startEvents(exchange);
        boolean truncate = behaviour.truncate(prompt.model());
        for (int i = 0; i < answer.words().size(); i++) {
            if (truncate && i == answer.words().size() / 2) {
                return; // the connection closes without a final chunk or [DONE]
            }
            ObjectNode chunk = envelope(id, "chat.completion.chunk", prompt.model());
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", (i == 0 ? "" : " ") + answer.words().get(i));
            choice.putNull("finish_reason");
            choice.putNull("logprobs");
            Http.sendEvent(out, null, chunk.toString());
        }
        ObjectNode last = envelope(id, "chat.completion.chunk", prompt.model());
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", answer.cutByLimit() ? "length" : "stop");
        choice.putNull("logprobs");
        Http.sendEvent(out, null, last.toString());
        if (prompt.includeUsage()) {
            ObjectNode usageChunk = envelope(id, "chat.completion.chunk", prompt.model());
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(answer, cached));
            Http.sendEvent(out, null, usageChunk.toString());
        }
        Http.sendEvent(out, null, "[DONE]");
    }

    private static ObjectNode envelope(String id, String object, String model) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("id", id).put("object", object).put("created", System.currentTimeMillis() / 1000).put("model", model);
        return body;
    }

    private static ObjectNode usage(Answers.Answer answer, int cached) {
        ObjectNode usage = Http.JSON.createObjectNode();
        usage.put("prompt_tokens", answer.inputTokens())
                .put("completion_tokens", answer.outputTokens())
                .put("total_tokens", answer.inputTokens() + answer.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        return usage;
    }

    private static void sendError(HttpExchange exchange, Fault fault) throws IOException {
        ObjectNode body = Http.JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", fault.message());
        switch (fault.kind()) {
            case RATE_LIMITED -> error.put("type", "requests").put("code", "rate_limit_exceeded");
            case SERVER_ERROR, OVERLOADED -> error.put("type", "server_error").putNull("code");
            case CONTEXT_LENGTH -> error.put("type", "invalid_request_error").put("code", "context_length_exceeded");
            case AUTH -> error.put("type", "invalid_request_error").put("code", "invalid_api_key");
            case BAD_REQUEST -> error.put("type", "invalid_request_error").putNull("code");
        }
        error.putNull("param");
        if (fault.retryAfterSeconds() >= 0) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(fault.retryAfterSeconds()));
        }
        Http.sendJson(exchange, fault.status(), body);
    }

}
