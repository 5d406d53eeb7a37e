package dev.switchyard.router.classify.learned;

import dev.switchyard.schema.Message;
import java.util.List;

/**
 * A conversation's features, all read from its {@link ConversationText} but the structure: the
 * sentence embedding and the {@link StructuralFeatures} as one dense vector, and the
 * {@link HashedNgrams} beside it. A model that does not read the embedding
 * ({@link LearnedModel#usesEmbedding()}) is given zeros in its place, so it needs no embedder and
 * none of the embedding's 10-20 ms.
 */
final class FeatureExtractor {

    /** The dense features: the embedding's dimensions, then the structural features. */
    static final int DENSE = SentenceEmbedder.DIMENSIONS + StructuralFeatures.NAMES.size();

    /** What the heads read of one conversation. */
    record Features(double[] dense, HashedNgrams.Vector ngrams) {
    }

    private final SentenceEmbedder embedder;

    /** @param embedder the sentence embedder, or null when no model it serves reads the embedding */
    FeatureExtractor(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    boolean embeds() {
        return embedder != null;
    }

    /** The features of {@code messages}, the embedding among them only when {@code embedding}. */
    Features of(List<Message> messages, boolean embedding) {
        String text = ConversationText.of(messages);
        double[] dense = new double[DENSE];
        if (embedding) {
            if (embedder == null) {
                throw new IllegalStateException("this model reads the sentence embedding, and no embedder was loaded");
            }
            float[] embedded = embedder.embed(text);
            for (int i = 0; i < embedded.length; i++) {
                dense[i] = embedded[i];
            }
        }
        double[] structure = StructuralFeatures.of(messages);
        System.arraycopy(structure, 0, dense, SentenceEmbedder.DIMENSIONS, structure.length);
        return new Features(dense, HashedNgrams.of(text));
    }
}
