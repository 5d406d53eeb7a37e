package dev.switchyard.executor.adapter;

import dev.switchyard.core.outcome.AttemptOutcome;

/**
 * Keeps a provider's API key out of everything that leaves the executor: a provider or a proxy
 * in front of it may echo the request's headers back, in an error message (401 bodies often
 * quote the key) or in the answer itself, and both end up on {@code llm.results}, in
 * {@code llm.attempts.failed} and in logs. Every occurrence of the key in a completion's texts (content, tool arguments) or a
 * failure's message becomes {@value #REDACTED}. Wraps every adapter {@link ProviderAdapters} makes.
 */
final class RedactingAdapter implements ProviderAdapter {

    static final String REDACTED = "[redacted]";

    private final ProviderAdapter adapter;
    private final String secret;

    RedactingAdapter(ProviderAdapter adapter, String secret) {
        this.adapter = adapter;
        this.secret = secret;
    }

    @Override
    public Completion complete(CompletionCall call) throws ProviderCallException {
        Completion completion;
        try {
            completion = adapter.complete(call);
        } catch (ProviderCallException e) {
            if (e.getMessage() == null || !e.getMessage().contains(secret)) {
                throw e;
            }
            ProviderCallException redacted = new ProviderCallException(e.outcome(), redact(e.getMessage()), e.retryAfter(),
                    e.billedUsage() == null ? null : redacted(e.billedUsage()));
            redacted.setStackTrace(e.getStackTrace()); // the cause stays out: its message holds the key too
            throw redacted;
        } catch (RuntimeException e) {
            String described = FailureClassifier.describe(e);
            if (!described.contains(secret)) {
                throw e;
            }
            throw new ProviderCallException(AttemptOutcome.SERVER_ERROR, redact(described));
        }
        return redacted(completion);
    }

    private Completion redacted(Completion completion) {
        return completion.withTexts(this::redact);
    }

    private String redact(String text) {
        return text.replace(secret, REDACTED);
    }

    @Override
    public void close() {
        adapter.close();
    }
}
