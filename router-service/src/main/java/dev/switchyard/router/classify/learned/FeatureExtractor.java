package dev.switchyard.router.classify.learned;

import dev.switchyard.schema.Message;
import java.util.List;

/** A conversation's feature vector: the embedding of its {@link ConversationText}, then its {@link StructuralFeatures}. */
final class FeatureExtractor {

    static final int SIZE = SentenceEmbedder.DIMENSIONS + StructuralFeatures.NAMES.size();

    private final SentenceEmbedder embedder;

    FeatureExtractor(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    double[] of(List<Message> messages) {
        float[] embedding = embedder.embed(ConversationText.of(messages));
        double[] structure = StructuralFeatures.of(messages);
        double[] features = new double[SIZE];
        for (int i = 0; i < embedding.length; i++) {
            features[i] = embedding[i];
        }
        System.arraycopy(structure, 0, features, embedding.length, structure.length);
        return features;
    }
}
