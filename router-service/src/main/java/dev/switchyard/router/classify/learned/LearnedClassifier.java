package dev.switchyard.router.classify.learned;

import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.classify.Classifier;
import dev.switchyard.router.classify.Leaning;
import dev.switchyard.router.classify.TaskView;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import java.util.List;

/**
 * The default classifier: trained heads ({@link LearnedModel}) over a conversation's hashed
 * n-grams and cheap structural features, and over its sentence embedding when the model reads
 * one. The embedding model is loaded only for a model that reads it, and then warmed up before
 * the model is used, so the first requests do not pay ONNX Runtime's first-call costs on a
 * stream thread.
 */
public final class LearnedClassifier implements Classifier {

    private static final List<Message> WARM_UP = List.of(Messages.text("system", "You are a helpful assistant."),
            Messages.text("user", "Warm-up: summarise the following text in one sentence, please. " + "Lorem ipsum dolor sit amet. ".repeat(20)));

    /** A model with the features it reads, switched as one. */
    private record Running(LearnedModel model, FeatureExtractor features) {
    }

    private final int cacheSize;
    private volatile Running running;

    /**
     * @param embedder the sentence embedder, or null: one of {@code cacheSize} entries is then
     *                 loaded when a model that reads the embedding is first used
     */
    public LearnedClassifier(SentenceEmbedder embedder, LearnedModel model, int cacheSize) {
        this.cacheSize = cacheSize;
        this.running = warmed(new Running(model, featuresFor(model, new FeatureExtractor(embedder))));
    }

    public LearnedClassifier(SentenceEmbedder embedder, LearnedModel model) {
        this(embedder, model, 0);
    }

    /** A bundled model: the one that reads the sentence embedding, or the n-gram one. */
    public static LearnedClassifier bundled(boolean embedding, int cacheSize) {
        return new LearnedClassifier(null, Training.bundledModel(embedding), cacheSize);
    }

    /** Switches to another trained model, as published ones are, without a restart. */
    public void use(LearnedModel next) {
        this.running = warmed(new Running(next, featuresFor(next, running.features())));
    }

    public LearnedModel model() {
        return running.model();
    }

    @Override
    public Classification classify(LlmRequest request) {
        Running current = running;
        LearnedModel model = current.model();
        LearnedModel.Prediction prediction = model.predict(current.features().of(TaskView.messages(request), model.usesEmbedding()));
        return new Classification(prediction.taskType(), prediction.complexity(), prediction.taskConfidence(),
                prediction.complexityConfidence(), model.version(), prediction.routeAs(),
                new Leaning(prediction.complexityProbabilities(), model.expertScoreQuantiles(), model.upgradeThreshold()));
    }

    private FeatureExtractor featuresFor(LearnedModel model, FeatureExtractor known) {
        return model.usesEmbedding() && !known.embeds() ? new FeatureExtractor(new SentenceEmbedder(cacheSize)) : known;
    }

    private static Running warmed(Running running) {
        boolean embedding = running.model().usesEmbedding();
        for (int i = 0; i < 20; i++) {
            running.model().predict(running.features().of(i % 2 == 0 ? WARM_UP : List.of(Messages.text("user", "warm-up " + i)), embedding));
        }
        return running;
    }
}
