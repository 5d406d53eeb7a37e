package dev.switchyard.router.routing;

import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResponseFormatType;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The capabilities a request needs: those it names, and those its content implies, so that a
 * producer that sends tools, a JSON format or an image never has to repeat it in
 * {@code requiredCapabilities}. A conversation that already holds tool calls needs a tools model
 * even when it offers no more tools: the provider must read the calls and their answers.
 */
final class RequiredCapabilities {

    static final String TOOLS = "tools";
    static final String JSON = "json";
    static final String VISION = "vision";

    private RequiredCapabilities() {
    }

    static Set<String> of(LlmRequest request) {
        Set<String> required = new LinkedHashSet<>(request.getRequiredCapabilities());
        if (!request.getTools().isEmpty() || holdsToolCalls(request)) {
            required.add(TOOLS);
        }
        if (request.getResponseFormat() != null && request.getResponseFormat().getType() != ResponseFormatType.TEXT) {
            required.add(JSON);
        }
        if (Messages.hasImage(request.getMessages())) {
            required.add(VISION);
        }
        return required;
    }

    private static boolean holdsToolCalls(LlmRequest request) {
        for (Message message : request.getMessages()) {
            if (!message.getToolCalls().isEmpty() || message.getRole().equals("tool")) {
                return true;
            }
        }
        return false;
    }
}
