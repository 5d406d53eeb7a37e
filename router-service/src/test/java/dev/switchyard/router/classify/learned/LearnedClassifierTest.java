package dev.switchyard.router.classify.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchyard.router.classify.Classification;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.serde.TrustedRecords;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The learned classifier: probabilities and version in what it says, a training step that gives
 * both bundled models' weights again, refusal of a model it cannot run, the lean up of an unsure
 * complexity, and an embedding model loaded only for a model that reads it. Its accuracy on the
 * held-out part is {@link HeldOutAccuracyTest}'s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LearnedClassifierTest {

    private final Corpus corpus = Corpus.bundled();
    private SentenceEmbedder embedder;
    private LearnedClassifier classifier;

    @BeforeAll
    void load() {
        TrustedRecords.ensure();
        embedder = new SentenceEmbedder(0);
        classifier = LearnedClassifier.bundled(false, 0);
    }

    @AfterAll
    void close() {
        embedder.close();
    }

    @Test
    void aModelOfAnotherShapeIsRefusedNamingTheProblem() {
        LearnedModel good = Training.bundledModel(false).validated();
        LearnedModel wrong = new LearnedModel(good.version(), List.of("chat", "poetry"), good.featureMeans(), good.featureScales(),
                good.taskWeights(), good.taskBias(), good.taskTemperature(), good.complexityWeights(),
                new double[] {1, 0, 2}, good.complexityScale(), 0.9, new double[] {0.3, 0.2},
                new NgramWeights(new double[] {1}, new byte[10]), null);
        assertThatThrownBy(wrong::validated).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taskTypes").hasMessageContaining("cutPoints must increase")
                .hasMessageContaining("upgradeThreshold").hasMessageContaining("expertScoreQuantiles must hold 101 numbers")
                .hasMessageContaining("taskNgramWeights must hold 2 rows of 32768 weights")
                .hasMessageContaining("complexityNgramWeights are missing");
        double[] decreasing = good.expertScoreQuantiles().clone();
        decreasing[50] = decreasing[51] + 0.1;
        assertThatThrownBy(() -> good.withExpertScoreQuantiles(decreasing).validated()).hasMessageContaining("must not decrease");
    }

    @Test
    void itsConfidencesAreProbabilitiesAndItsVersionNamesTheWeights() {
        Classification got = classifier.classify(LlmRequest.newBuilder().setRequestId("c").setTenantId("t")
                .setMessages(List.of(Messages.text("user", "Translate into German: the invoice is attached."))).build());
        assertThat(got.taskConfidence()).isBetween(0.0, 1.0);
        assertThat(got.complexityConfidence()).isBetween(0.0, 1.0);
        assertThat(got.classifierVersion()).startsWith("learned-").isEqualTo(classifier.model().version());
        assertThat(got.describe()).contains(got.taskType() + " (").contains(" by learned-");
    }

    @Test
    void anUnsureComplexityIsRoutedAsTheHigherOneAndTheReasonSaysSo() {
        List<Classification> all = corpus.part(Corpus.Split.VALIDATION).stream()
                .map(example -> classifier.classify(LlmRequest.newBuilder().setRequestId(example.id()).setTenantId("t")
                        .setMessages(example.messages()).build()))
                .toList();
        assertThat(all).allSatisfy(c -> assertThat(c.routeAs()).isGreaterThanOrEqualTo(c.complexity()));
        assertThat(all).filteredOn(c -> c.routeAs() != c.complexity()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.describe()).contains(c.complexity() + " (").contains(", routed as " + c.routeAs()));
    }

    @Test
    void theNgramModelReadsNoEmbeddingAndAModelThatDoesLoadsOneBeforeItIsUsed() {
        LearnedClassifier switching = LearnedClassifier.bundled(false, 0);
        LlmRequest request = LlmRequest.newBuilder().setRequestId("e").setTenantId("t")
                .setMessages(List.of(Messages.text("user", "Prove that the square root of two is irrational."))).build();
        assertThat(switching.model().usesEmbedding()).isFalse();
        assertThat(switching.classify(request).classifierVersion()).isEqualTo(Training.bundledModel(false).version());

        LearnedModel embedding = Training.bundledModel(true);
        assertThat(embedding.usesEmbedding()).isTrue();
        switching.use(embedding);
        Classification got = switching.classify(request);
        Classification expected = new LearnedClassifier(embedder, embedding).classify(request);
        assertThat(got.classifierVersion()).isEqualTo(embedding.version());
        assertThat(got.taskConfidence()).isEqualTo(expected.taskConfidence());
        assertThat(got.complexityConfidence()).isEqualTo(expected.complexityConfidence());
    }

    @Test
    void retrainingFromTheCorpusGivesTheBundledNgramWeights() {
        assertRetrainedIsBundled(false);
    }

    @Test
    void retrainingFromTheCorpusGivesTheBundledEmbeddingWeights() {
        assertRetrainedIsBundled(true);
    }

    private void assertRetrainedIsBundled(boolean embedding) {
        LearnedModel retrained = Training.train(corpus.part(Corpus.Split.TRAIN), corpus.part(Corpus.Split.VALIDATION),
                new FeatureExtractor(embedding ? embedder : null), embedding);
        LearnedModel bundled = Training.bundledModel(embedding);
        assertThat(retrained.taskTemperature()).isCloseTo(bundled.taskTemperature(), within(1e-9));
        assertThat(retrained.upgradeThreshold()).isCloseTo(bundled.upgradeThreshold(), within(1e-9));
        assertClose(retrained.cutPoints(), bundled.cutPoints());
        assertClose(retrained.complexityWeights(), bundled.complexityWeights());
        for (int k = 0; k < bundled.taskWeights().length; k++) {
            assertClose(retrained.taskWeights()[k], bundled.taskWeights()[k]);
            assertWithinAStep(retrained.taskNgramWeights(), bundled.taskNgramWeights(), k);
        }
        assertWithinAStep(retrained.complexityNgramWeights(), bundled.complexityNgramWeights(), 0);
    }

    /** The n-gram weights are bytes: a weight at a rounding boundary may land one step away. */
    private static void assertWithinAStep(NgramWeights actual, NgramWeights expected, int row) {
        assertThat(actual.scales()[row]).isCloseTo(expected.scales()[row], within(1e-3 * expected.scales()[row]));
        double[] a = actual.row(row);
        double[] e = expected.row(row);
        for (int b = 0; b < e.length; b++) {
            assertThat(a[b]).as("row " + row + " bucket " + b).isCloseTo(e[b], within(1.01 * expected.scales()[row] + 1e-9));
        }
    }

    /** Equal up to the last bits an ONNX Runtime build may round differently. */
    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("[" + i + "]").isCloseTo(expected[i], within(1e-4 + 1e-3 * Math.abs(expected[i])));
        }
    }
}
