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
 * The default classifier: a sentence embedding of the conversation plus cheap structural
 * features, read by two trained heads ({@link LearnedModel}). It is warmed up when built, so
 * the first requests do not pay ONNX Runtime's first-call costs on a stream thread.
 */
public final class LearnedClassifier implements Classifier {

    private static final List<Message> WARM_UP = List.of(Messages.text("system", "You are a helpful assistant."),
            Messages.text("user", "Warm-up: summarise the following text in one sentence, please. " + "Lorem ipsum dolor sit amet. ".repeat(20)));

    private final FeatureExtractor features;
    private volatile LearnedModel model;

    public LearnedClassifier(SentenceEmbedder embedder, LearnedModel model) {
        this.features = new FeatureExtractor(embedder);
        this.model = model;
        for (int i = 0; i < 20; i++) {
            model.predict(features.of(i % 2 == 0 ? WARM_UP : List.of(Messages.text("user", "warm-up " + i))));
        }
    }

    /** The bundled model, with an embedding cache of {@code cacheSize} recent conversations. */
    public static LearnedClassifier bundled(int cacheSize) {
        return new LearnedClassifier(new SentenceEmbedder(cacheSize), Training.bundledModel());
    }

    /** Switches to another trained model, as published ones are, without a restart. */
    public void use(LearnedModel next) {
        this.model = next;
    }

    public LearnedModel model() {
        return model;
    }

    @Override
    public Classification classify(LlmRequest request) {
        LearnedModel current = model;
        LearnedModel.Prediction prediction = current.predict(features.of(TaskView.messages(request)));
        return new Classification(prediction.taskType(), prediction.complexity(), prediction.taskConfidence(),
                prediction.complexityConfidence(), current.version(), prediction.routeAs(),
                new Leaning(prediction.complexityProbabilities(), current.expertScoreQuantiles(), current.upgradeThreshold()));
    }
}
