package dev.switchyard.router.classify.learned;

import dev.switchyard.router.classify.Leaning;
import dev.switchyard.schema.Complexity;
import java.util.List;

/**
 * A trained classifier's parameters: two linear heads over a conversation's features (the
 * standardised embedding and structural features, and the hashed n-grams, whose weights are
 * {@link NgramWeights}).
 * <ul>
 *   <li>task type: multinomial logistic regression, its logits divided by a temperature fitted on
 *       the validation part, so that its probabilities are calibrated;</li>
 *   <li>complexity: ordinal (proportional odds), {@code P(c <= k) = sigmoid((cut[k] - w.x) / scale)},
 *       its cut-points and scale fitted on the validation part;</li>
 *   <li>{@code upgradeThreshold}: the complexity given is the highest whose tail probability
 *       {@code P(c >= k)} reaches it. Under 0.5 this leans up when unsure, as under-serving a
 *       request is worse than over-serving it.</li>
 *   <li>{@code expertScoreQuantiles}: the percentiles, on the validation part, of the score by which
 *       a request goes to the large tier ({@link #expertScore}), so that a threshold can be set
 *       for a share of large-tier calls ({@link dev.switchyard.router.classify.Leaning}), as
 *       RouteLLM calibrates its threshold on a reference set.</li>
 * </ul>
 */
public record LearnedModel(String version, List<String> taskTypes, double[] featureMeans, double[] featureScales,
                           double[][] taskWeights, double[] taskBias, double taskTemperature,
                           double[] complexityWeights, double[] cutPoints, double complexityScale, double upgradeThreshold,
                           double[] expertScoreQuantiles, NgramWeights taskNgramWeights,
                           NgramWeights complexityNgramWeights) {

    /** Percentiles kept of the expert score: the 0th to the 100th. */
    public static final int QUANTILES = 101;

    /**
     * The score by which a prediction goes to the large tier for a threshold {@code t}: it does
     * when this is at least {@code t}. One for a prediction whose most likely complexity is EXPERT
     * (it goes there whatever the threshold), else its probability of EXPERT.
     */
    public static double expertScore(Prediction prediction) {
        return prediction.complexity() == Complexity.EXPERT ? 1 : prediction.complexityProbabilities()[Complexity.EXPERT.ordinal()];
    }

    public LearnedModel withThreshold(double threshold) {
        return new LearnedModel(version, taskTypes, featureMeans, featureScales, taskWeights, taskBias, taskTemperature,
                complexityWeights, cutPoints, complexityScale, threshold, expertScoreQuantiles, taskNgramWeights, complexityNgramWeights);
    }

    public LearnedModel withExpertScoreQuantiles(double[] quantiles) {
        return new LearnedModel(version, taskTypes, featureMeans, featureScales, taskWeights, taskBias, taskTemperature,
                complexityWeights, cutPoints, complexityScale, upgradeThreshold, quantiles, taskNgramWeights, complexityNgramWeights);
    }

    /**
     * Whether any head reads the sentence embedding. A model trained without it has zero weights
     * there, and its router loads no embedding model and spends nothing on one.
     */
    public boolean usesEmbedding() {
        for (double[] row : taskWeights) {
            if (anyNonZero(row, SentenceEmbedder.DIMENSIONS)) {
                return true;
            }
        }
        return anyNonZero(complexityWeights, SentenceEmbedder.DIMENSIONS);
    }

    private static boolean anyNonZero(double[] values, int first) {
        for (int i = 0; i < first; i++) {
            if (values[i] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the heads say of one feature vector.
     *
     * @param complexity the most likely complexity
     * @param routeAs    the highest complexity whose tail probability reaches the upgrade threshold
     */
    public record Prediction(String taskType, double taskConfidence, Complexity complexity, double complexityConfidence,
                             Complexity routeAs, double[] taskProbabilities, double[] complexityProbabilities) {
    }

    /**
     * Refuses a model that this router cannot run or that would route nonsense: features of
     * another size, task types outside the rubric, weights of the wrong shape or not finite,
     * cut-points out of order, a temperature, scale or threshold out of range.
     *
     * @throws IllegalArgumentException naming every problem
     */
    public LearnedModel validated() {
        List<String> problems = new java.util.ArrayList<>();
        if (version == null || version.isBlank()) {
            problems.add("version is missing");
        }
        if (taskTypes == null || taskTypes.isEmpty() || !dev.switchyard.router.classify.TaskTypes.RUBRIC.containsAll(taskTypes)) {
            problems.add("taskTypes must be task types of the rubric, not " + taskTypes);
        }
        int size = FeatureExtractor.DENSE;
        check(problems, "featureMeans", featureMeans, size);
        check(problems, "featureScales", featureScales, size);
        if (featureScales != null && java.util.Arrays.stream(featureScales).anyMatch(scale -> !(scale > 0))) {
            problems.add("featureScales must be positive");
        }
        if (taskWeights == null || taskTypes == null || taskWeights.length != taskTypes.size()) {
            problems.add("taskWeights must hold one row per task type");
        } else {
            for (int k = 0; k < taskWeights.length; k++) {
                check(problems, "taskWeights[" + k + "]", taskWeights[k], size);
            }
        }
        check(problems, "taskBias", taskBias, taskTypes == null ? 0 : taskTypes.size());
        check(problems, "complexityWeights", complexityWeights, size);
        check(problems, "cutPoints", cutPoints, dev.switchyard.schema.Complexity.values().length - 1);
        if (cutPoints != null) {
            for (int k = 1; k < cutPoints.length; k++) {
                if (!(cutPoints[k] > cutPoints[k - 1])) {
                    problems.add("cutPoints must increase");
                }
            }
        }
        if (!(taskTemperature > 0 && taskTemperature < 100)) {
            problems.add("taskTemperature must be in (0, 100)");
        }
        if (!(complexityScale > 0 && complexityScale < 100)) {
            problems.add("complexityScale must be in (0, 100)");
        }
        if (!(upgradeThreshold > 0 && upgradeThreshold <= 0.5)) {
            problems.add("upgradeThreshold must be in (0, 0.5]");
        }
        check(problems, "expertScoreQuantiles", expertScoreQuantiles, QUANTILES);
        if (expertScoreQuantiles != null) {
            for (int q = 1; q < expertScoreQuantiles.length; q++) {
                if (expertScoreQuantiles[q] < expertScoreQuantiles[q - 1]) {
                    problems.add("expertScoreQuantiles must not decrease");
                    break;
                }
            }
        }
        if (taskNgramWeights == null) {
            problems.add("taskNgramWeights are missing");
        } else {
            taskNgramWeights.check(problems, "taskNgramWeights", taskTypes == null ? 0 : taskTypes.size());
        }
        if (complexityNgramWeights == null) {
            problems.add("complexityNgramWeights are missing");
        } else {
            complexityNgramWeights.check(problems, "complexityNgramWeights", 1);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("model " + version + " is refused: " + String.join("; ", problems));
        }
        return this;
    }

    private static void check(List<String> problems, String name, double[] values, int size) {
        if (values == null || values.length != size) {
            problems.add(name + " must hold " + size + " numbers");
        } else if (java.util.Arrays.stream(values).anyMatch(value -> !Double.isFinite(value))) {
            problems.add(name + " must be finite");
        }
    }

    Prediction predict(FeatureExtractor.Features features) {
        double[] standardised = standardise(features.dense());
        double[] taskProbabilities = softmax(taskLogits(standardised, features.ngrams()), taskTemperature);
        int task = argmax(taskProbabilities);
        double[] complexityProbabilities = ordinal(score(standardised, features.ngrams()), cutPoints, complexityScale);
        int complexity = argmax(complexityProbabilities);
        int routeAs = Math.max(complexity, Leaning.upgraded(complexityProbabilities, upgradeThreshold));
        return new Prediction(taskTypes.get(task), taskProbabilities[task], Complexity.values()[complexity],
                complexityProbabilities[complexity], Complexity.values()[routeAs], taskProbabilities, complexityProbabilities);
    }

    double[] standardise(double[] features) {
        double[] x = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            x[i] = (features[i] - featureMeans[i]) / featureScales[i];
        }
        return x;
    }

    double[] taskLogits(double[] x, HashedNgrams.Vector ngrams) {
        double[] logits = new double[taskTypes.size()];
        for (int k = 0; k < logits.length; k++) {
            logits[k] = taskBias[k] + dot(taskWeights[k], x) + taskNgramWeights.dot(k, ngrams);
        }
        return logits;
    }

    double score(double[] x, HashedNgrams.Vector ngrams) {
        return dot(complexityWeights, x) + complexityNgramWeights.dot(0, ngrams);
    }

    static double[] softmax(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit / temperature);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            p[k] = Math.exp(logits[k] / temperature - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** Class probabilities of the proportional-odds model. */
    static double[] ordinal(double score, double[] cuts, double scale) {
        double[] p = new double[cuts.length + 1];
        double below = 0;
        for (int k = 0; k < cuts.length; k++) {
            double upTo = sigmoid((cuts[k] - score) / scale);
            p[k] = Math.max(0, upTo - below);
            below = upTo;
        }
        p[cuts.length] = 1 - below;
        return p;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
