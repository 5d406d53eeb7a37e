package dev.switchyard.router.classify;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which classifier the router runs.
 *
 * @param kind      {@code learned} (default): heads trained on the bundled corpus, or
 *                  {@code rules}: the keyword rules. On the corpus's held-out part the learned
 *                  one gets the task type right for 0.81 of prompts against the rules' 0.39,
 *                  and under-serves 3% against the rules' 22% (README)
 * @param embedding whether the bundled model the router starts with also reads a sentence
 *                  embedding of the conversation. Off by default: the n-gram model classifies
 *                  in a fraction of a millisecond with no model to load, while the embedding
 *                  adds about 4 points of task-type accuracy for 10-20 ms a new prompt on the
 *                  stream thread and about 135 MB of memory (BENCHMARKS.md). A published model
 *                  decides for itself
 * @param cacheSize conversations whose embedding is kept, per router instance, when a model
 *                  reads the embedding. Retries and duplicate submissions repeat a prompt; 10,000
 *                  entries take about 20 MB
 * @param modelName the key on {@code llm.router-models} whose latest model this router runs
 *                  (switchyard router train --publish --name); until one is published, the bundled one
 */
public record ClassifierOptions(@DefaultValue("learned") String kind, @DefaultValue("false") boolean embedding,
                                @DefaultValue("10000") int cacheSize, @DefaultValue("default") String modelName) {

    public static ClassifierOptions rules() {
        return new ClassifierOptions("rules", false, 0, "default");
    }

    public boolean learned() {
        return kind.trim().equalsIgnoreCase("learned");
    }
}
