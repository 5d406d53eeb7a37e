package dev.switchyard.router.classify.learned;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchyard.router.classify.Leaning;
import dev.switchyard.router.classify.TaskTypes;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.serde.TrustedRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Trains the learned classifier: heads fitted on the training part, then calibrated on the
 * validation part (the task head's temperature, the complexity head's cut-points and scale, the
 * upgrade threshold). The test part is never read here. The same corpus gives the same model:
 * fitting is deterministic and the weights are rounded before they are written.
 *
 * <p>Two models are bundled: one on the n-grams and structural features alone (the router's
 * default: a fraction of a millisecond a prompt), and one that also reads the sentence embedding
 * (a few points more accurate, 10-20 ms a new prompt). {@code ./mvnw -pl router-service
 * -Ptrain-classifier} writes both, {@code model-ngrams.json} and {@code model-embedding.json} in
 * {@code src/main/resources/dev/switchyard/router/classify/learned/}.
 */
public final class Training {

    static final String BUNDLED_DIRECTORY = "/dev/switchyard/router/classify/learned/";
    /** Under-served share on the validation part that the upgrade threshold may not exceed. */
    static final double UNDER_SERVED_TARGET = 0.03;
    private static final double[] L2 = {1e-5, 3e-5, 1e-4, 3e-4};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Training() {
    }

    public static void main(String[] args) throws IOException {
        TrustedRecords.ensure();
        Path directory = Path.of(args.length > 0 ? args[0] : "src/main/resources" + BUNDLED_DIRECTORY);
        Files.createDirectories(directory);
        Corpus corpus = Corpus.bundled();
        List<LabelledConversation> train = corpus.part(Corpus.Split.TRAIN);
        List<LabelledConversation> validation = corpus.part(Corpus.Split.VALIDATION);
        write(directory.resolve(bundledName(false)), train(train, validation, new FeatureExtractor(null), false));
        try (SentenceEmbedder embedder = new SentenceEmbedder(0)) {
            write(directory.resolve(bundledName(true)), train(train, validation, new FeatureExtractor(embedder), true));
        }
    }

    private static void write(Path out, LearnedModel model) throws IOException {
        Files.writeString(out, toJson(model), StandardCharsets.UTF_8);
        System.out.println("wrote " + out + " (" + model.version() + ")");
    }

    /** A user's labelled conversations in three parts, as training on them uses and reports them. */
    public record Parts(List<LabelledConversation> train, List<LabelledConversation> validation, List<LabelledConversation> test) {
    }

    /**
     * Splits a user's labelled conversations by a hash of their id, so the same file always
     * splits the same way: 80% to train on, 10% to calibrate on, 10% held out to report on.
     */
    public static Parts split(List<LabelledConversation> own) {
        List<LabelledConversation> train = new java.util.ArrayList<>();
        List<LabelledConversation> validation = new java.util.ArrayList<>();
        List<LabelledConversation> test = new java.util.ArrayList<>();
        for (LabelledConversation example : own) {
            int bucket = Math.floorMod(example.id().hashCode() * 0x9E3779B9, 10);
            (bucket == 0 ? test : bucket == 1 ? validation : train).add(example);
        }
        return new Parts(train, validation, test);
    }

    /**
     * Trains on a user's own labelled traffic, with the bundled corpus's training and
     * validation parts beside it when asked; the held-out parts are the caller's to report on.
     *
     * @param embedder the sentence embedder when the model is to read the embedding, else null
     */
    public static LearnedModel trainOwn(Parts own, boolean withBundled, SentenceEmbedder embedder) {
        List<LabelledConversation> train = new java.util.ArrayList<>(own.train());
        List<LabelledConversation> validation = new java.util.ArrayList<>(own.validation());
        if (withBundled) {
            Corpus bundled = Corpus.bundled();
            train.addAll(bundled.part(Corpus.Split.TRAIN));
            validation.addAll(bundled.part(Corpus.Split.VALIDATION));
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("too few labelled conversations to train on: " + train.size() + " to train, "
                    + validation.size() + " to calibrate (use --with-bundled, or label more)");
        }
        return train(train, validation, new FeatureExtractor(embedder), embedder != null);
    }

    /** Fits on {@code train}, calibrates on {@code validation}; the embedding is read only when {@code embedding}. */
    static LearnedModel train(List<LabelledConversation> train, List<LabelledConversation> validation, FeatureExtractor features,
                              boolean embedding) {
        List<String> taskTypes = TaskTypes.RUBRIC;
        List<FeatureExtractor.Features> trainX = features(train, features, embedding);
        List<FeatureExtractor.Features> validationX = features(validation, features, embedding);
        double[] means = new double[FeatureExtractor.DENSE];
        double[] scales = new double[FeatureExtractor.DENSE];
        standardisation(trainX, means, scales);
        LearnedModel unfitted = new LearnedModel("", taskTypes, means, scales, null, null, 1, null, null, 1, 0.5, null, null, null);
        HeadFitting.Rows trainRows = rows(unfitted, trainX);
        HeadFitting.Rows validationRows = rows(unfitted, validationX);
        int[] trainTypes = taskLabels(train, taskTypes);
        int[] validationTypes = taskLabels(validation, taskTypes);
        int[] trainComplexity = complexityLabels(train);
        int[] validationComplexity = complexityLabels(validation);

        // The penalty that predicts validation types best; then the temperature that makes its probabilities honest there.
        // Candidates are fitted side by side (each alone is deterministic) and compared in order.
        List<HeadFitting.TaskHead> taskCandidates = java.util.stream.IntStream.range(0, L2.length).parallel()
                .mapToObj(c -> quantised(HeadFitting.task(trainRows, trainTypes, taskTypes.size(), L2[c]))).toList();
        HeadFitting.TaskHead task = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (HeadFitting.TaskHead candidate : taskCandidates) {
            double loss = taskLogLoss(candidate, validationRows, validationTypes, 1);
            if (loss < bestLoss) {
                bestLoss = loss;
                task = candidate;
            }
        }
        double temperature = 1;
        bestLoss = Double.POSITIVE_INFINITY;
        for (double t = 0.25; t <= 4.0; t += 0.05) {
            double loss = taskLogLoss(task, validationRows, validationTypes, t);
            if (loss < bestLoss) {
                bestLoss = loss;
                temperature = t;
            }
        }

        List<HeadFitting.ComplexityHead> complexityCandidates = java.util.stream.IntStream.range(0, L2.length).parallel()
                .mapToObj(c -> quantised(HeadFitting.complexity(trainRows, trainComplexity, Complexity.values().length, L2[c])))
                .toList();
        HeadFitting.ComplexityHead complexity = null;
        double[] cuts = null;
        double scale = 1;
        bestLoss = Double.POSITIVE_INFINITY;
        for (HeadFitting.ComplexityHead candidate : complexityCandidates) {
            double[] scores = scores(candidate.weights(), validationRows);
            for (double s = 0.5; s <= 3.0; s += 0.25) {
                double[] fitted = HeadFitting.refitCuts(scores, validationComplexity, candidate.cuts(), s);
                double loss = HeadFitting.ordinalLogLoss(scores, validationComplexity, fitted, s);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    complexity = candidate;
                    cuts = fitted;
                    scale = s;
                }
            }
        }

        double[][] taskDense = new double[taskTypes.size()][];
        double[][] taskNgrams = new double[taskTypes.size()][];
        for (int k = 0; k < taskDense.length; k++) {
            taskDense[k] = dense(task.weights()[k]);
            taskNgrams[k] = ngrams(task.weights()[k]);
        }
        LearnedModel calibrated = rounded(new LearnedModel("", taskTypes, means, scales, taskDense, task.bias(), temperature,
                dense(complexity.weights()), cuts, scale, 0.5, new double[LearnedModel.QUANTILES],
                NgramWeights.quantised(taskNgrams), NgramWeights.quantised(new double[][] {ngrams(complexity.weights())})));
        double[] expertScores = new double[validation.size()];
        for (int i = 0; i < expertScores.length; i++) {
            expertScores[i] = LearnedModel.expertScore(calibrated.predict(validationX.get(i)));
        }
        LearnedModel model = calibrated.withThreshold(round(upgradeThreshold(calibrated, validation, validationX)))
                .withExpertScoreQuantiles(round(quantiles(expertScores)));
        return withVersion(model);
    }

    /** A head whose n-gram weights are already what {@link NgramWeights} will keep of them, so it is calibrated as it will run. */
    private static HeadFitting.TaskHead quantised(HeadFitting.TaskHead head) {
        double[][] ngrams = new double[head.weights().length][];
        for (int k = 0; k < ngrams.length; k++) {
            ngrams[k] = ngrams(head.weights()[k]);
        }
        NgramWeights kept = NgramWeights.quantised(ngrams);
        double[][] weights = new double[ngrams.length][];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = joined(dense(head.weights()[k]), kept.row(k));
        }
        return new HeadFitting.TaskHead(weights, head.bias());
    }

    private static HeadFitting.ComplexityHead quantised(HeadFitting.ComplexityHead head) {
        NgramWeights kept = NgramWeights.quantised(new double[][] {ngrams(head.weights())});
        return new HeadFitting.ComplexityHead(joined(dense(head.weights()), kept.row(0)), head.cuts());
    }

    private static double[] dense(double[] row) {
        return java.util.Arrays.copyOfRange(row, 0, FeatureExtractor.DENSE);
    }

    private static double[] ngrams(double[] row) {
        return java.util.Arrays.copyOfRange(row, FeatureExtractor.DENSE, row.length);
    }

    private static double[] joined(double[] dense, double[] ngrams) {
        double[] row = java.util.Arrays.copyOf(dense, dense.length + ngrams.length);
        System.arraycopy(ngrams, 0, row, dense.length, ngrams.length);
        return row;
    }

    /**
     * The largest threshold (the least leaning up, so the least over-serving) that keeps the
     * validation part's under-served share within the target; the lowest tried when none does.
     */
    private static double upgradeThreshold(LearnedModel model, List<LabelledConversation> validation,
                                           List<FeatureExtractor.Features> validationX) {
        double threshold = 0.5;
        for (int step = 0; step <= 18; step++) { // 0.5 down to 0.05, by 0.025
            threshold = 0.5 - step * 0.025;
            LearnedModel candidate = model.withThreshold(threshold);
            int under = 0;
            for (int i = 0; i < validation.size(); i++) {
                Complexity routeAs = candidate.predict(validationX.get(i)).routeAs();
                under += Tier.usuallyEnoughFor(routeAs).compareTo(validation.get(i).minTier()) < 0 ? 1 : 0;
            }
            if ((double) under / validation.size() <= UNDER_SERVED_TARGET) {
                return threshold;
            }
        }
        return threshold;
    }

    static List<FeatureExtractor.Features> features(List<LabelledConversation> examples, FeatureExtractor features,
                                                    boolean embedding) {
        return examples.stream().map(example -> features.of(example.messages(), embedding)).toList();
    }

    /**
     * Centres the dense features and sets their scales, which also weigh the three kinds of
     * feature against each other under one penalty: the n-grams have unit length; the embedding,
     * unit-length too, is centred and halved; each structural feature is a z-score divided by 8.
     * These weights were chosen on the validation part.
     */
    private static void standardisation(List<FeatureExtractor.Features> x, double[] means, double[] scales) {
        for (int j = 0; j < means.length; j++) {
            double sum = 0;
            for (FeatureExtractor.Features row : x) {
                sum += row.dense()[j];
            }
            means[j] = sum / x.size();
            double squares = 0;
            for (FeatureExtractor.Features row : x) {
                squares += (row.dense()[j] - means[j]) * (row.dense()[j] - means[j]);
            }
            scales[j] = Math.max(1e-3, Math.sqrt(squares / x.size())) * 8;
        }
        for (int j = 0; j < SentenceEmbedder.DIMENSIONS; j++) {
            scales[j] = 2;
        }
    }

    private static HeadFitting.Rows rows(LearnedModel model, List<FeatureExtractor.Features> x) {
        double[][] z = new double[x.size()][];
        for (int i = 0; i < z.length; i++) {
            z[i] = model.standardise(x.get(i).dense());
        }
        return HeadFitting.Rows.of(z, x.stream().map(FeatureExtractor.Features::ngrams).toList());
    }

    private static double taskLogLoss(HeadFitting.TaskHead head, HeadFitting.Rows x, int[] y, double temperature) {
        double loss = 0;
        for (int i = 0; i < x.size(); i++) {
            double[] logits = new double[head.bias().length];
            for (int k = 0; k < logits.length; k++) {
                logits[k] = head.bias()[k] + x.dot(head.weights()[k], 0, i);
            }
            loss -= Math.log(Math.max(1e-12, LearnedModel.softmax(logits, temperature)[y[i]]));
        }
        return loss / x.size();
    }

    private static double[] scores(double[] weights, HeadFitting.Rows x) {
        double[] scores = new double[x.size()];
        for (int i = 0; i < x.size(); i++) {
            scores[i] = x.dot(weights, 0, i);
        }
        return scores;
    }

    private static int[] taskLabels(List<LabelledConversation> examples, List<String> taskTypes) {
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = taskTypes.indexOf(examples.get(i).taskType());
            if (y[i] < 0) {
                throw new IllegalArgumentException(examples.get(i).id() + ": task type '" + examples.get(i).taskType()
                        + "' is not one of " + taskTypes);
            }
        }
        return y;
    }

    private static int[] complexityLabels(List<LabelledConversation> examples) {
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = examples.get(i).complexity().ordinal();
        }
        return y;
    }

    /** Six significant digits: enough for the heads, and the same text whatever the last bits of a machine's arithmetic. */
    private static LearnedModel rounded(LearnedModel m) {
        double[][] weights = new double[m.taskWeights().length][];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = round(m.taskWeights()[k]);
        }
        return new LearnedModel(m.version(), m.taskTypes(), round(m.featureMeans()), round(m.featureScales()), weights,
                round(m.taskBias()), round(m.taskTemperature()), round(m.complexityWeights()), round(m.cutPoints()),
                round(m.complexityScale()), round(m.upgradeThreshold()), round(m.expertScoreQuantiles()), m.taskNgramWeights(),
                m.complexityNgramWeights());
    }

    /** The 0th to 100th percentiles of these values, interpolated between the nearest two. */
    static double[] quantiles(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double[] quantiles = new double[LearnedModel.QUANTILES];
        for (int q = 0; q < quantiles.length; q++) {
            quantiles[q] = Leaning.percentile(sorted, q / (double) (quantiles.length - 1));
        }
        return quantiles;
    }

    private static double[] round(double[] values) {
        double[] rounded = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = round(values[i]);
        }
        return rounded;
    }

    static double round(double value) {
        return value == 0 ? 0 : new java.math.BigDecimal(value).round(new java.math.MathContext(6)).doubleValue();
    }

    /** The version names the weights: {@code learned-} and the start of their digest. */
    private static LearnedModel withVersion(LearnedModel m) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson(m).getBytes(StandardCharsets.UTF_8));
            String version = "learned-" + HexFormat.of().formatHex(digest, 0, 4);
            return new LearnedModel(version, m.taskTypes(), m.featureMeans(), m.featureScales(), m.taskWeights(), m.taskBias(),
                    m.taskTemperature(), m.complexityWeights(), m.cutPoints(), m.complexityScale(), m.upgradeThreshold(),
                    m.expertScoreQuantiles(), m.taskNgramWeights(), m.complexityNgramWeights());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(LearnedModel model) {
        try {
            return JSON.writeValueAsString(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LearnedModel fromJson(String json) {
        try {
            return JSON.readValue(json, LearnedModel.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a learned classifier model: " + e.getMessage(), e);
        }
    }

    /** The file name of a bundled model. */
    static String bundledName(boolean embedding) {
        return embedding ? "model-embedding.json" : "model-ngrams.json";
    }

    /** A model shipped in the router's jar: the one that reads the sentence embedding, or the n-gram one. */
    public static LearnedModel bundledModel(boolean embedding) {
        String resource = BUNDLED_DIRECTORY + bundledName(embedding);
        try (InputStream in = Training.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing: train it with ./mvnw -pl router-service -Ptrain-classifier");
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
