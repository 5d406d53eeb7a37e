package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/messages}, as the Anthropic Messages API answers it, streamed (SSE) or not. */
final class AnthropicHandler extends ChatHandler {

    AnthropicHandler(Behaviour behaviour) {
        super(behaviour);
    }

    @Override
    Prompt parse(JsonNode body) {
        return Prompt.anthropic(body);
    }

    @Override
    String problem(Prompt prompt) {
        return prompt.valid() && prompt.maxTokens() != null ? null : "model, max_tokens and messages are required";
    }

    @Override
    void answerWhole(SimExchange exchange, Prompt prompt, Reply reply, int cached, int written, String hash) throws IOException {
        String id = "msg_sim_" + hash;
        ObjectNode body = message(id, prompt.model(), reply, cached, written);
        ArrayNode content = body.putArray("content");
        if (reply.callsTools()) {
            for (Reply.Call call : reply.calls()) {
                ObjectNode block = content.addObject().put("type", "tool_use").put("id", toolUseId(hash, call)).put("name", call.name());
                block.set("input", Http.JSON.readTree(call.argumentsJson()));
            }
        } else {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        body.put("stop_reason", stopReason(reply));
        Http.sendJson(exchange, 200, body);
    }

    @Override
    void answerStreamed(SimExchange exchange, Prompt prompt, Reply reply, int cached, int written, String hash,
                        boolean truncate) throws IOException {
        String id = "msg_sim_" + hash;
        exchange.startEvents();
        ObjectNode start = Http.JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = message(id, prompt.model(), reply, cached, written);
        message.putArray("content");
        message.putNull("stop_reason");
        ((ObjectNode) message.get("usage")).put("output_tokens", 1);
        start.set("message", message);
        exchange.sendEvent("message_start", start.toString());
        // Each block: its start, its deltas, its stop, in order; a cut stream stops halfway through them.
        List<String[]> events = new ArrayList<>();
        if (reply.callsTools()) {
            for (int index = 0; index < reply.calls().size(); index++) {
                Reply.Call call = reply.calls().get(index);
                ObjectNode blockStart = Http.JSON.createObjectNode().put("type", "content_block_start").put("index", index);
                blockStart.putObject("content_block").put("type", "tool_use").put("id", toolUseId(hash, call)).put("name", call.name())
                        .putObject("input");
                events.add(new String[] {"content_block_start", blockStart.toString()});
                for (String fragment : call.argumentFragments()) {
                    ObjectNode delta = Http.JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                    delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
                    events.add(new String[] {"content_block_delta", delta.toString()});
                }
                events.add(blockStop(index));
            }
        } else {
            ObjectNode blockStart = Http.JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            events.add(new String[] {"content_block_start", blockStart.toString()});
            for (String piece : reply.pieces()) {
                ObjectNode delta = Http.JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
                events.add(new String[] {"content_block_delta", delta.toString()});
            }
            events.add(blockStop(0));
        }
        for (int i = 0; i < events.size(); i++) {
            if (truncate && i == events.size() / 2) {
                return; // no message_stop: the stream is cut
            }
            exchange.sendEvent(events.get(i)[0], events.get(i)[1]);
        }
        ObjectNode messageDelta = Http.JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(reply)).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", reply.outputTokens());
        exchange.sendEvent("message_delta", messageDelta.toString());
        exchange.sendEvent("message_stop", Http.JSON.createObjectNode().put("type", "message_stop").toString());
    }

    private static String[] blockStop(int index) {
        return new String[] {"content_block_stop", Http.JSON.createObjectNode().put("type", "content_block_stop").put("index", index).toString()};
    }

    private static String toolUseId(String hash, Reply.Call call) {
        return "toolu_" + hash + "_" + call.id();
    }

    /**
     * Anthropic counts cache reads and cache writes apart from input_tokens; we report the same
     * split, writes as 5-minute-TTL ones (the default) in the cache_creation breakdown too.
     */
    private static ObjectNode message(String id, String model, Reply answer, int cached, int written) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("id", id).put("type", "message").put("role", "assistant").put("model", model).putNull("stop_sequence");
        ObjectNode usage = body.putObject("usage")
                .put("input_tokens", answer.inputTokens() - cached - written)
                .put("cache_read_input_tokens", cached)
                .put("cache_creation_input_tokens", written);
        usage.putObject("cache_creation").put("ephemeral_5m_input_tokens", written).put("ephemeral_1h_input_tokens", 0);
        usage.put("output_tokens", answer.outputTokens());
        return body;
    }

    private static String stopReason(Reply reply) {
        return reply.callsTools() ? "tool_use" : reply.cutByLimit() ? "max_tokens" : "end_turn";
    }

    @Override
    void sendError(SimExchange exchange, Fault fault) throws IOException {
        String type = switch (fault.kind()) {
            case RATE_LIMITED -> "rate_limit_error";
            case SERVER_ERROR -> "api_error";
            case OVERLOADED -> "overloaded_error";
            case CONTEXT_LENGTH, BAD_REQUEST -> "invalid_request_error";
            case AUTH -> "authentication_error";
        };
        // Anthropic says "prompt is too long" where OpenAI says context_length_exceeded.
        String message = fault.kind() == Fault.Kind.CONTEXT_LENGTH ? "prompt is too long: " + fault.message() : fault.message();
        ObjectNode body = Http.JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        if (fault.retryAfterSeconds() >= 0) {
            exchange.setHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()));
        }
        Http.sendJson(exchange, fault.kind() == Fault.Kind.OVERLOADED ? 529 : fault.status(), body);
    }
}
