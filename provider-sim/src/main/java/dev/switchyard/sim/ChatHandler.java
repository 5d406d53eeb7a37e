package dev.switchyard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Optional;

/**
 * One chat call, whatever the wire format: read the prompt, apply the model's knobs, answer
 * whole or streamed, or fail as the knobs say. Subclasses speak their provider's format.
 */
abstract class ChatHandler implements HttpHandler {

    private final Behaviour behaviour;

    ChatHandler(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** The prompt of a request body in this wire format. */
    abstract Prompt parse(JsonNode body);

    /** What is missing from a request for this wire format, or null when nothing is. */
    abstract String problem(Prompt prompt);

    abstract void answerWhole(HttpExchange exchange, Prompt prompt, Answers.Answer answer, int cachedTokens, String id) throws IOException;

    /** @param truncate cut the stream halfway, without its end marker */
    abstract void answerStreamed(HttpExchange exchange, Prompt prompt, Answers.Answer answer, int cachedTokens, String id,
                                 boolean truncate) throws IOException;

    abstract void sendError(HttpExchange exchange, Fault fault) throws IOException;

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, new Fault(405, Fault.Kind.BAD_REQUEST, "use POST", -1));
                return;
            }
            Prompt prompt = parse(Http.readJson(exchange));
            String problem = problem(prompt);
            if (problem != null) {
                sendError(exchange, Fault.badRequest(problem));
                return;
            }
            Optional<Fault> fault = behaviour.before(prompt.model(), Http.bearerOrKey(exchange), prompt.contents());
            if (fault.isPresent()) {
                sendError(exchange, fault.get());
                return;
            }
            Answers.Answer answer = Answers.answer(prompt.model(), prompt.contents(), prompt.maxTokens());
            int cached = behaviour.cachedTokens(prompt.model(), answer.inputTokens());
            String id = Integer.toHexString(answer.text().hashCode() ^ prompt.contents().hashCode());
            if (prompt.stream()) {
                answerStreamed(exchange, prompt, answer, cached, id, behaviour.truncate(prompt.model()));
            } else {
                answerWhole(exchange, prompt, answer, cached, id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (a timeout on its side): nothing left to answer.
        }
    }
}
