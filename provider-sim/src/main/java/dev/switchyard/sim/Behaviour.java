package dev.switchyard.sim;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Applies a model's knobs to one call: auth, hangs, 429s, server errors, context limits, latency. */
final class Behaviour {

    private final KnobBoard board;

    Behaviour(KnobBoard board) {
        this.board = board;
    }

    /** A fault to answer with, or empty once the call's latency has passed and it may succeed. */
    Optional<Fault> before(String model, String presentedKey, List<String> messageContents) throws InterruptedException {
        board.countCall(model);
        Knobs knobs = board.forModel(model);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (knobs.apiKey() != null && !knobs.apiKey().equals(presentedKey)) {
            return Optional.of(new Fault(401, Fault.Kind.AUTH, "invalid API key", -1));
        }
        if (random.nextDouble() < knobs.hangRate()) {
            Thread.sleep(knobs.hangMs());
        }
        if (random.nextDouble() < knobs.rateLimitRate()) {
            return Optional.of(new Fault(429, Fault.Kind.RATE_LIMITED,
                    "rate limit reached for " + model, knobs.retryAfterSeconds()));
        }
        if (random.nextDouble() < knobs.errorRate()) {
            return Optional.of(random.nextInt(3) == 0
                    ? new Fault(503, Fault.Kind.OVERLOADED, model + " is overloaded", -1)
                    : new Fault(500, Fault.Kind.SERVER_ERROR, "internal error serving " + model, -1));
        }
        int inputTokens = Answers.inputTokens(messageContents);
        if (inputTokens > knobs.contextWindow()) {
            return Optional.of(new Fault(400, Fault.Kind.CONTEXT_LENGTH, "This model's maximum context length is "
                    + knobs.contextWindow() + " tokens. However, your messages resulted in " + inputTokens + " tokens.", -1));
        }
        int latency = knobs.latencyMs() + (knobs.jitterMs() == 0 ? 0 : random.nextInt(-knobs.jitterMs(), knobs.jitterMs() + 1))
                + (random.nextDouble() < knobs.slowRate() ? knobs.slowMs() : 0);
        if (latency > 0) {
            Thread.sleep(latency);
        }
        return Optional.empty();
    }

    boolean truncate(String model) {
        return ThreadLocalRandom.current().nextDouble() < board.forModel(model).truncateRate();
    }

    int cachedTokens(String model, int inputTokens) {
        return (int) Math.floor(inputTokens * board.forModel(model).cachedInputShare());
    }
}
