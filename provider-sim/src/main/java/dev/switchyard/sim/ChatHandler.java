package dev.switchyard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * One chat call, whatever the wire format: read the prompt, apply the model's knobs, answer
 * whole or streamed, or fail as the knobs say. Subclasses speak their provider's format.
 */
abstract class ChatHandler implements Route {

    private final Behaviour behaviour;

    ChatHandler(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** The prompt of a request body in this wire format. */
    abstract Prompt parse(JsonNode body);

    /** What is missing from a request for this wire format, or null when nothing is. */
    abstract String problem(Prompt prompt);

    /**
     * @param cachedTokens     the part of the answer's input tokens read from the prompt cache
     * @param cacheWriteTokens the part written to it, disjoint from cachedTokens
     */
    abstract void answerWhole(SimExchange exchange, Prompt prompt, Reply reply, int cachedTokens, int cacheWriteTokens,
                              String id) throws IOException;

    /** @param truncate cut the stream halfway, without its end marker */
    abstract void answerStreamed(SimExchange exchange, Prompt prompt, Reply reply, int cachedTokens, int cacheWriteTokens,
                                 String id, boolean truncate) throws IOException;

    abstract void sendError(SimExchange exchange, Fault fault) throws IOException;

    @Override
    public final void handle(SimExchange exchange) throws IOException {
        if (!"POST".equals(exchange.method())) {
            sendError(exchange, new Fault(405, Fault.Kind.BAD_REQUEST, "use POST", -1));
            return;
        }
        Prompt prompt;
        try {
            prompt = parse(Http.readJson(exchange));
        } catch (JsonProcessingException e) {
            sendError(exchange, Fault.badRequest("the body is not JSON: " + e.getOriginalMessage()));
            return;
        } catch (IllegalArgumentException e) {
            sendError(exchange, Fault.badRequest(e.getMessage()));
            return;
        }
        String problem = problem(prompt);
        if (problem == null && prompt.forcedTool() != null
                && prompt.tools().stream().noneMatch(tool -> tool.name().equals(prompt.forcedTool()))) {
            problem = "tool_choice names '" + prompt.forcedTool() + "', which is not among the tools";
        }
        if (problem != null) {
            sendError(exchange, Fault.badRequest(problem));
            return;
        }
        Behaviour.Decision decision = behaviour.decide(prompt.model(), Http.bearerOrKey(exchange), prompt.contents());
        String echo = behaviour.echoesHeaders(prompt.model()) ? " [request headers: " + exchange.headersAsText() + "]" : null;
        exchange.answerAfter(decision.delayMs(), () -> {
            if (decision.fault() != null) {
                Fault fault = decision.fault();
                sendError(exchange, echo == null ? fault : new Fault(fault.status(), fault.kind(), fault.message() + echo, fault.retryAfterSeconds()));
                return;
            }
            Answers.Answer plain = Answers.answer(prompt.model(), prompt.contents(), prompt.maxTokens());
            Answers.Answer answer = echo == null ? plain : plain.followedBy(echo.trim());
            Reply reply = Reply.to(prompt, behaviour.knobs(prompt.model()), answer);
            int cached = behaviour.cachedTokens(prompt.model(), reply.inputTokens());
            int written = behaviour.cacheWriteTokens(prompt.model(), reply.inputTokens(), cached);
            String id = Integer.toHexString(reply.text().hashCode() ^ reply.calls().hashCode() ^ prompt.contents().hashCode());
            if (prompt.stream()) {
                answerStreamed(exchange, prompt, reply, cached, written, id, behaviour.truncate(prompt.model()));
            } else {
                answerWhole(exchange, prompt, reply, cached, written, id);
            }
        });
    }
}
