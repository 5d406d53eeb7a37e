package dev.switchyard.sim;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Applies a model's knobs to one call: auth, hangs, 429s, server errors, context limits, latency. */
final class Behaviour {

    private final KnobBoard board;

    Behaviour(KnobBoard board) {
        this.board = board;
    }

    /**
     * What one call gets: after how long, and with which fault (none: a completion).
     *
     * @param fault null when the call succeeds
     */
    record Decision(long delayMs, Fault fault) {
    }

    /** Decides a call: a hang first if one strikes, then a fault at once, or else success after the model's latency. */
    Decision decide(String model, String presentedKey, List<String> messageContents) {
        board.countCall(model);
        Knobs knobs = board.forModel(model);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (knobs.apiKey() != null && !knobs.apiKey().equals(presentedKey)) {
            return new Decision(0, new Fault(401, Fault.Kind.AUTH, "invalid API key", -1));
        }
        long hang = random.nextDouble() < knobs.hangRate() ? knobs.hangMs() : 0;
        if (random.nextDouble() < knobs.rateLimitRate()) {
            return new Decision(hang, new Fault(429, Fault.Kind.RATE_LIMITED,
                    "rate limit reached for " + model, knobs.retryAfterSeconds()));
        }
        if (random.nextDouble() < knobs.errorRate()) {
            return new Decision(hang, random.nextInt(3) == 0
                    ? new Fault(503, Fault.Kind.OVERLOADED, model + " is overloaded", -1)
                    : new Fault(500, Fault.Kind.SERVER_ERROR, "internal error serving " + model, -1));
        }
        int inputTokens = Answers.inputTokens(messageContents);
        if (inputTokens > knobs.contextWindow()) {
            return new Decision(hang, new Fault(400, Fault.Kind.CONTEXT_LENGTH, "This model's maximum context length is "
                    + knobs.contextWindow() + " tokens. However, your messages resulted in " + inputTokens + " tokens.", -1));
        }
        int latency = knobs.latencyMs() + (knobs.jitterMs() == 0 ? 0 : random.nextInt(-knobs.jitterMs(), knobs.jitterMs() + 1))
                + (random.nextDouble() < knobs.slowRate() ? knobs.slowMs() : 0);
        return new Decision(hang + Math.max(0, latency), null);
    }

    Knobs knobs(String model) {
        return board.forModel(model);
    }

    boolean echoesHeaders(String model) {
        return board.forModel(model).echoHeaders();
    }

    boolean truncate(String model) {
        return ThreadLocalRandom.current().nextDouble() < board.forModel(model).truncateRate();
    }

    int cachedTokens(String model, int inputTokens) {
        return (int) Math.floor(inputTokens * board.forModel(model).cachedInputShare());
    }

    /** Input tokens written to the prompt cache: disjoint from the cache hits, so never more than they leave. */
    int cacheWriteTokens(String model, int inputTokens, int cachedTokens) {
        return Math.min((int) Math.floor(inputTokens * board.forModel(model).cacheWriteInputShare()), inputTokens - cachedTokens);
    }
}
