package dev.switchyard.router.classify;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which classifier the router runs.
 *
 * @param kind      {@code rules} (default): the keyword rules, or {@code learned}: the
 *                  embedding-based classifier trained on the bundled corpus (about 135 MB more
 *                  memory). The learned one chooses far better on the held-out part (a tenth of
 *                  the rules' under-served requests), but takes about 10 ms a new prompt on the
 *                  stream thread against microseconds; the rules stay the default until that
 *                  cost is brought down (BENCHMARKS.md)
 * @param cacheSize conversations whose embedding is kept, per router instance. Retries and
 *                  duplicate submissions repeat a prompt; 10,000 entries take about 20 MB
 * @param modelName the key on {@code llm.router-models} whose latest model this router runs
 *                  (switchyard router train --publish --name); until one is published, the bundled one
 */
public record ClassifierOptions(@DefaultValue("rules") String kind, @DefaultValue("10000") int cacheSize,
                                @DefaultValue("default") String modelName) {

    public static ClassifierOptions rules() {
        return new ClassifierOptions("rules", 0, "default");
    }

    public boolean learned() {
        return kind.trim().equalsIgnoreCase("learned");
    }
}
