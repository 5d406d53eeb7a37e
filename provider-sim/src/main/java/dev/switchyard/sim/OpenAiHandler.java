package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/chat/completions}, as the OpenAI API answers it, streamed (SSE) or not. */
final class OpenAiHandler extends ChatHandler {

    OpenAiHandler(Behaviour behaviour) {
        super(behaviour);
    }

    @Override
    Prompt parse(JsonNode body) {
        return Prompt.openAi(body);
    }

    @Override
    String problem(Prompt prompt) {
        return prompt.valid() ? null : "model and messages are required";
    }

    /** OpenAI reports no prompt-cache writes apart: they are plain prompt tokens. */
    @Override
    void answerWhole(SimExchange exchange, Prompt prompt, Reply reply, int cached, int written, String hash) throws IOException {
        String id = "chatcmpl-sim-" + hash;
        ObjectNode body = envelope(id, "chat.completion", prompt.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.callsTools()) {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            for (Reply.Call call : reply.calls()) {
                calls.addObject().put("id", callId(hash, call)).put("type", "function")
                        .putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
        } else {
            message.put("content", reply.text());
        }
        message.putNull("refusal");
        choice.put("finish_reason", finishReason(reply));
        choice.putNull("logprobs");
        body.set("usage", usage(reply, cached));
        Http.sendJson(exchange, 200, body);
    }

    @Override
    void answerStreamed(SimExchange exchange, Prompt prompt, Reply reply, int cached, int written, String hash, boolean truncate)
            throws IOException {
        String id = "chatcmpl-sim-" + hash;
        exchange.startEvents();
        List<ObjectNode> deltas = new ArrayList<>();
        if (reply.callsTools()) {
            for (int index = 0; index < reply.calls().size(); index++) {
                Reply.Call call = reply.calls().get(index);
                ObjectNode first = Http.JSON.createObjectNode();
                first.putArray("tool_calls").addObject().put("index", index).put("id", callId(hash, call)).put("type", "function")
                        .putObject("function").put("name", call.name()).put("arguments", "");
                deltas.add(first);
                for (String fragment : call.argumentFragments()) {
                    ObjectNode more = Http.JSON.createObjectNode();
                    more.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", fragment);
                    deltas.add(more);
                }
            }
        } else {
            reply.pieces().forEach(piece -> deltas.add(Http.JSON.createObjectNode().put("content", piece)));
        }
        for (int i = 0; i < deltas.size(); i++) {
            if (truncate && i == deltas.size() / 2) {
                return; // the stream ends here: no finish reason, no usage, no [DONE]
            }
            ObjectNode chunk = envelope(id, "chat.completion.chunk", prompt.model());
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            ObjectNode delta = deltas.get(i);
            if (i == 0) {
                delta.put("role", "assistant");
            }
            choice.set("delta", delta);
            choice.putNull("finish_reason");
            choice.putNull("logprobs");
            exchange.sendEvent(null, chunk.toString());
        }
        ObjectNode last = envelope(id, "chat.completion.chunk", prompt.model());
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason(reply));
        choice.putNull("logprobs");
        exchange.sendEvent(null, last.toString());
        if (prompt.includeUsage()) {
            ObjectNode usageChunk = envelope(id, "chat.completion.chunk", prompt.model());
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage(reply, cached));
            exchange.sendEvent(null, usageChunk.toString());
        }
        exchange.sendEvent(null, "[DONE]");
    }

    private static String callId(String hash, Reply.Call call) {
        return "call_" + hash + "_" + call.id();
    }

    private static String finishReason(Reply reply) {
        return reply.callsTools() ? "tool_calls" : reply.cutByLimit() ? "length" : "stop";
    }

    private static ObjectNode envelope(String id, String object, String model) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("id", id).put("object", object).put("created", System.currentTimeMillis() / 1000).put("model", model);
        return body;
    }

    private static ObjectNode usage(Reply reply, int cached) {
        ObjectNode usage = Http.JSON.createObjectNode();
        usage.put("prompt_tokens", reply.inputTokens())
                .put("completion_tokens", reply.outputTokens())
                .put("total_tokens", reply.inputTokens() + reply.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        return usage;
    }

    @Override
    void sendError(SimExchange exchange, Fault fault) throws IOException {
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
            exchange.setHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()));
        }
        Http.sendJson(exchange, fault.status(), body);
    }

}
