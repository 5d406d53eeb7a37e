package dev.switchyard.router.classify.learned;

import dev.switchyard.schema.Message;
import java.util.List;

/**
 * A conversation's features, all read from its {@link ConversationText} but the structure: the
 * sentence embedding and the {@link StructuralFeatures} as one dense vector, and the
 * {@link HashedNgrams} beside it.
 */
final class FeatureExtractor {

    /** The dense features: the embedding's dimensions, then the structural features. */
    static final int DENSE = SentenceEmbedder.DIMENSIONS + StructuralFeatures.NAMES.size();

    /** What the heads read of one conversation. */
    record Features(double[] dense, HashedNgrams.Vector ngrams) {
    }

    private final SentenceEmbedder embedder;

    FeatureExtractor(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    Features of(List<Message> messages) {
        String text = ConversationText.of(messages);
        float[] embedding = embedder.embed(text);
        double[] structure = StructuralFeatures.of(messages);
        double[] dense = new double[DENSE];
        for (int i = 0; i < embedding.length; i++) {
            dense[i] = embedding[i];
        }
        System.arraycopy(structure, 0, dense, embedding.length, structure.length);
        return new Features(dense, HashedNgrams.of(text));
    }
}
