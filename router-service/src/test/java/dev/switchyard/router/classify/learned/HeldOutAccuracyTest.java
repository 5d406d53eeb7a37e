package dev.switchyard.router.classify.learned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.router.classify.RuleBasedClassifier;
import dev.switchyard.router.classify.TaskTypes;
import dev.switchyard.schema.serde.TrustedRecords;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Both bundled models on the corpus's held-out part: sources whose voices nothing was trained,
 * calibrated or tuned on (splits.properties). A failure prints both confusion matrices, and the
 * rule-based classifier's figures beside them.
 *
 * <p>The tier outcome is held to the router's goal: at most 5% under-served. So is the complexity
 * within one step (0.97), less a margin of a few examples for ONNX Runtime builds that round
 * differently. Task type and exact complexity are below their goals (0.92 and 0.82): their tests
 * hold them at today's figures less that margin (on the 576 held-out prompts, the n-gram model's
 * 0.809 and 0.642, the embedding model's 0.851 and 0.648), so that a change that makes them
 * worse fails, and must beat the rules by far.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeldOutAccuracyTest {

    private final List<LabelledConversation> heldOut = Corpus.bundled().part(Corpus.Split.TEST);
    private SentenceEmbedder embedder;
    private Evaluation ngrams;
    private Evaluation embedding;
    private Evaluation rules;

    @BeforeAll
    void evaluate() {
        TrustedRecords.ensure();
        embedder = new SentenceEmbedder(0);
        ngrams = Evaluation.of(LearnedClassifier.bundled(false, 0), heldOut, TaskTypes.RUBRIC);
        embedding = Evaluation.of(new LearnedClassifier(embedder, Training.bundledModel(true)), heldOut, TaskTypes.RUBRIC);
        rules = Evaluation.of(new RuleBasedClassifier(), heldOut, TaskTypes.RUBRIC);
        System.out.println("held-out part, learned (n-grams):\n" + ngrams.report() + "\nheld-out part, learned (embedding):\n"
                + embedding.report() + "\nheld-out part, rules:\n" + rules.report());
    }

    @AfterAll
    void close() {
        embedder.close();
    }

    @Test
    void theHeldOutPartIsLargeAndCoversEveryTypeAndComplexity() {
        assertThat(heldOut).hasSizeGreaterThanOrEqualTo(500);
        assertThat(ngrams.perTaskType()).containsOnlyKeys(TaskTypes.RUBRIC);
        assertThat(ngrams.perComplexity()).hasSize(4);
    }

    @Test
    void taskTypeAccuracyHoldsTodaysFiguresAndFarBeatsTheRules() {
        assertThat(ngrams.taskAccuracy()).as(ngrams.report()).isGreaterThanOrEqualTo(0.80);
        assertThat(embedding.taskAccuracy()).as(embedding.report()).isGreaterThanOrEqualTo(0.84);
        assertThat(ngrams.taskAccuracy()).as("over the rules").isGreaterThanOrEqualTo(rules.taskAccuracy() + 0.25);
    }

    @Test
    void complexityIsWithinOneStepFor97PercentLessTheMarginAndHoldsItsExactFigures() {
        for (Evaluation learned : List.of(ngrams, embedding)) {
            assertThat(learned.complexityWithinOne()).as(learned.report()).isGreaterThanOrEqualTo(0.965);
        }
        assertThat(ngrams.complexityAccuracy()).as(ngrams.report()).isGreaterThanOrEqualTo(0.63);
        assertThat(embedding.complexityAccuracy()).as(embedding.report()).isGreaterThanOrEqualTo(0.64);
    }

    @Test
    void atMostFivePercentAreUnderServedAndFarFewerThanByTheRules() {
        for (Evaluation learned : List.of(ngrams, embedding)) {
            assertThat(learned.underServedShare()).as(learned.report()).isLessThanOrEqualTo(0.05);
            assertThat(learned.underServedShare()).as("against the rules' " + rules.underServedShare())
                    .isLessThan(rules.underServedShare() / 4);
        }
    }
}
