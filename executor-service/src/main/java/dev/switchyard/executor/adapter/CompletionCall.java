package dev.switchyard.executor.adapter;

import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import java.util.List;

/**
 * One call to a provider, in Switchyard's terms; adapters translate it to their wire format.
 *
 * @param maxOutputTokens always set: the router caps every request, so its cost is bounded
 * @param temperature     null leaves the provider's default
 */
public record CompletionCall(String model, List<Message> messages, int maxOutputTokens, Float temperature) {

    /**
     * A call with every kind of message, which each adapter serializes once when it is built.
     * The SDKs' first (de)serialization walks Kotlin reflection under a lock and initialises
     * classes, which pins carrier threads: a thousand virtual threads doing it at once on two
     * cores stalled for minutes. Paying it once, on the constructing platform thread, avoids that.
     */
    public static final CompletionCall WARM_UP = new CompletionCall("warm-up", List.of(
            Messages.text("system", "be brief"), Messages.text("user", "hi"), Messages.text("assistant", "hello"),
            Messages.text("user", "again")), 1, 0.5f);
}
