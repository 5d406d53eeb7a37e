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
 * <p>{@code ./mvnw -pl router-service -Ptrain-classifier} writes the bundled model,
 * {@code src/main/resources/dev/switchyard/router/classify/learned/model.json}.
 */
public final class Training {

    static final String BUNDLED_MODEL = "/dev/switchyard/router/classify/learned/model.json";
    /** Under-served share on the validation part that the upgrade threshold may not exceed. */
    static final double UNDER_SERVED_TARGET = 0.03;
    private static final double[] L2 = {1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Training() {
    }

    public static void main(String[] args) throws IOException {
        TrustedRecords.ensure();
        Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources" + BUNDLED_MODEL);
        Corpus corpus = Corpus.bundled();
        try (SentenceEmbedder embedder = new SentenceEmbedder(0)) {
            LearnedModel model = train(corpus.part(Corpus.Split.TRAIN), corpus.part(Corpus.Split.VALIDATION), new FeatureExtractor(embedder));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, toJson(model), StandardCharsets.UTF_8);
            System.out.println("wrote " + out + " (" + model.version() + ")");
        }
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
        return train(train, validation, new FeatureExtractor(embedder));
    }

    /** Fits on {@code train}, calibrates on {@code validation}. */
    static LearnedModel train(List<LabelledConversation> train, List<LabelledConversation> validation, FeatureExtractor features) {
        List<String> taskTypes = TaskTypes.RUBRIC;
        double[][] trainX = features(train, features);
        double[][] validationX = features(validation, features);
        double[] means = new double[FeatureExtractor.SIZE];
        double[] scales = new double[FeatureExtractor.SIZE];
        standardisation(trainX, means, scales);
        LearnedModel unfitted = new LearnedModel("", taskTypes, means, scales, null, null, 1, null, null, 1, 0.5, null);
        double[][] trainZ = standardised(unfitted, trainX);
        double[][] validationZ = standardised(unfitted, validationX);
        int[] trainTypes = taskLabels(train, taskTypes);
        int[] validationTypes = taskLabels(validation, taskTypes);
        int[] trainComplexity = complexityLabels(train);
        int[] validationComplexity = complexityLabels(validation);

        // The penalty that predicts validation types best; then the temperature that makes its probabilities honest there.
        HeadFitting.TaskHead task = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double l2 : L2) {
            HeadFitting.TaskHead candidate = HeadFitting.task(trainZ, trainTypes, taskTypes.size(), l2);
            double loss = taskLogLoss(candidate, validationZ, validationTypes, 1);
            if (loss < bestLoss) {
                bestLoss = loss;
                task = candidate;
            }
        }
        double temperature = 1;
        bestLoss = Double.POSITIVE_INFINITY;
        for (double t = 0.25; t <= 4.0; t += 0.05) {
            double loss = taskLogLoss(task, validationZ, validationTypes, t);
            if (loss < bestLoss) {
                bestLoss = loss;
                temperature = t;
            }
        }

        HeadFitting.ComplexityHead complexity = null;
        double[] cuts = null;
        double scale = 1;
        bestLoss = Double.POSITIVE_INFINITY;
        for (double l2 : L2) {
            HeadFitting.ComplexityHead candidate = HeadFitting.complexity(trainZ, trainComplexity, Complexity.values().length, l2);
            double[] scores = scores(candidate.weights(), validationZ);
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

        LearnedModel calibrated = rounded(new LearnedModel("", taskTypes, means, scales, task.weights(), task.bias(), temperature,
                complexity.weights(), cuts, scale, 0.5, new double[LearnedModel.QUANTILES]));
        double[] expertScores = new double[validation.size()];
        for (int i = 0; i < expertScores.length; i++) {
            expertScores[i] = LearnedModel.expertScore(calibrated.predict(validationX[i]));
        }
        LearnedModel model = calibrated.withThreshold(round(upgradeThreshold(calibrated, validation, validationX)))
                .withExpertScoreQuantiles(round(quantiles(expertScores)));
        return withVersion(model);
    }

    /**
     * The largest threshold (the least leaning up, so the least over-serving) that keeps the
     * validation part's under-served share within the target; the lowest tried when none does.
     */
    private static double upgradeThreshold(LearnedModel model, List<LabelledConversation> validation, double[][] validationX) {
        double threshold = 0.5;
        for (int step = 0; step <= 18; step++) { // 0.5 down to 0.05, by 0.025
            threshold = 0.5 - step * 0.025;
            LearnedModel candidate = model.withThreshold(threshold);
            int under = 0;
            for (int i = 0; i < validation.size(); i++) {
                Complexity routeAs = candidate.predict(validationX[i]).routeAs();
                under += Tier.usuallyEnoughFor(routeAs).compareTo(validation.get(i).minTier()) < 0 ? 1 : 0;
            }
            if ((double) under / validation.size() <= UNDER_SERVED_TARGET) {
                return threshold;
            }
        }
        return threshold;
    }

    static double[][] features(List<LabelledConversation> examples, FeatureExtractor features) {
        double[][] x = new double[examples.size()][];
        for (int i = 0; i < examples.size(); i++) {
            x[i] = features.of(examples.get(i).messages());
        }
        return x;
    }

    private static void standardisation(double[][] x, double[] means, double[] scales) {
        for (int j = 0; j < means.length; j++) {
            double sum = 0;
            for (double[] row : x) {
                sum += row[j];
            }
            means[j] = sum / x.length;
            double squares = 0;
            for (double[] row : x) {
                squares += (row[j] - means[j]) * (row[j] - means[j]);
            }
            scales[j] = Math.max(1e-3, Math.sqrt(squares / x.length));
        }
        // The embedding is unit-length already, and its dimensions mean little one by one: centred, not rescaled.
        for (int j = 0; j < SentenceEmbedder.DIMENSIONS; j++) {
            scales[j] = 1.0 / Math.sqrt(SentenceEmbedder.DIMENSIONS);
        }
    }

    private static double[][] standardised(LearnedModel model, double[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = model.standardise(x[i]);
        }
        return z;
    }

    private static double taskLogLoss(HeadFitting.TaskHead head, double[][] z, int[] y, double temperature) {
        double loss = 0;
        for (int i = 0; i < z.length; i++) {
            double[] logits = new double[head.bias().length];
            for (int k = 0; k < logits.length; k++) {
                logits[k] = head.bias()[k] + LearnedModel.dot(head.weights()[k], z[i]);
            }
            loss -= Math.log(Math.max(1e-12, LearnedModel.softmax(logits, temperature)[y[i]]));
        }
        return loss / z.length;
    }

    private static double[] scores(double[] weights, double[][] z) {
        double[] scores = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            scores[i] = LearnedModel.dot(weights, z[i]);
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
                round(m.complexityScale()), round(m.upgradeThreshold()), round(m.expertScoreQuantiles()));
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

    private static double round(double value) {
        return value == 0 ? 0 : new java.math.BigDecimal(value).round(new java.math.MathContext(6)).doubleValue();
    }

    /** The version names the weights: {@code learned-} and the start of their digest. */
    private static LearnedModel withVersion(LearnedModel m) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson(m).getBytes(StandardCharsets.UTF_8));
            String version = "learned-" + HexFormat.of().formatHex(digest, 0, 4);
            return new LearnedModel(version, m.taskTypes(), m.featureMeans(), m.featureScales(), m.taskWeights(), m.taskBias(),
                    m.taskTemperature(), m.complexityWeights(), m.cutPoints(), m.complexityScale(), m.upgradeThreshold(),
                    m.expertScoreQuantiles());
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

    /** The model shipped in the router's jar. */
    public static LearnedModel bundledModel() {
        try (InputStream in = Training.class.getResourceAsStream(BUNDLED_MODEL)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_MODEL + " is missing: train it with ./mvnw -pl router-service -Ptrain-classifier");
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
