package dev.switchyard.executor.adapter;

import dev.switchyard.schema.Message;
import java.util.List;

/**
 * One call to a provider, in Switchyard's terms; adapters translate it to their wire format.
 *
 * @param maxOutputTokens always set: the router caps every request, so its cost is bounded
 * @param temperature     null leaves the provider's default
 */
public record CompletionCall(String model, List<Message> messages, int maxOutputTokens, Float temperature) {
}
