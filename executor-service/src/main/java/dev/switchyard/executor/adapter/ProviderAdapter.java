package dev.switchyard.executor.adapter;

/**
 * Calls one provider. Implementations are thread-safe and blocking: each call runs on its own
 * virtual thread. They never retry; retries and fallbacks are Switchyard's decisions.
 */
public interface ProviderAdapter extends AutoCloseable {

    Completion complete(CompletionCall call) throws ProviderCallException;

    @Override
    void close();
}
