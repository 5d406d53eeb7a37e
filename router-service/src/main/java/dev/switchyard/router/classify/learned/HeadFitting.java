package dev.switchyard.router.classify.learned;

import java.util.List;

/**
 * Fits the two heads by full-batch gradient descent (Adam) from zero, in a fixed order, so the
 * same examples always give the same weights. The problems are small (a few thousand examples of
 * about 400 dense features and a few thousand n-gram buckets each), so a few hundred full passes
 * over their sparse rows take seconds.
 */
final class HeadFitting {

    private static final int EPOCHS = 300;
    private static final double LEARNING_RATE = 0.02;

    private HeadFitting() {
    }

    record TaskHead(double[][] weights, double[] bias) {
    }

    record ComplexityHead(double[] weights, double[] cuts) {
    }

    /**
     * Training examples as sparse rows: the standardised dense features at columns
     * {@code [0, DENSE)}, then the n-gram buckets. Most of a row is zero, so the fits touch only
     * what a conversation holds.
     */
    record Rows(int[][] columns, double[][] values, int width) {

        static Rows of(double[][] dense, List<HashedNgrams.Vector> ngrams) {
            int d = dense.length == 0 ? FeatureExtractor.DENSE : dense[0].length;
            int[][] columns = new int[dense.length][];
            double[][] values = new double[dense.length][];
            for (int i = 0; i < dense.length; i++) {
                int[] buckets = ngrams.get(i).buckets();
                columns[i] = new int[d + buckets.length];
                values[i] = new double[d + buckets.length];
                for (int j = 0; j < d; j++) {
                    columns[i][j] = j;
                    values[i][j] = dense[i][j];
                }
                for (int j = 0; j < buckets.length; j++) {
                    columns[i][d + j] = d + buckets[j];
                    values[i][d + j] = ngrams.get(i).values()[j];
                }
            }
            return new Rows(columns, values, d + HashedNgrams.BUCKETS);
        }

        int size() {
            return columns.length;
        }

        double dot(double[] weights, int offset, int row) {
            int[] c = columns[row];
            double[] v = values[row];
            double sum = 0;
            for (int j = 0; j < c.length; j++) {
                sum += weights[offset + c[j]] * v[j];
            }
            return sum;
        }

        void addTo(double[] gradient, int offset, int row, double scale) {
            int[] c = columns[row];
            double[] v = values[row];
            for (int j = 0; j < c.length; j++) {
                gradient[offset + c[j]] += scale * v[j];
            }
        }
    }

    /** Multinomial logistic regression with an L2 penalty of {@code l2} on the weights, one row of {@code x.width()} per class. */
    static TaskHead task(Rows x, int[] y, int classes, double l2) {
        int n = x.size();
        int d = x.width();
        double[] w = new double[classes * d + classes]; // the rows, then the biases
        Adam adam = new Adam(w.length);
        double[] gradient = new double[w.length];
        double[] logits = new double[classes];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            java.util.Arrays.fill(gradient, 0);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < classes; k++) {
                    logits[k] = w[classes * d + k] + x.dot(w, k * d, i);
                }
                double[] p = LearnedModel.softmax(logits, 1);
                for (int k = 0; k < classes; k++) {
                    double error = (p[k] - (y[i] == k ? 1 : 0)) / n;
                    x.addTo(gradient, k * d, i, error);
                    gradient[classes * d + k] += error;
                }
            }
            for (int j = 0; j < classes * d; j++) {
                gradient[j] += l2 * w[j];
            }
            adam.descend(w, gradient, LEARNING_RATE);
        }
        double[][] rows = new double[classes][];
        for (int k = 0; k < classes; k++) {
            rows[k] = java.util.Arrays.copyOfRange(w, k * d, (k + 1) * d);
        }
        return new TaskHead(rows, java.util.Arrays.copyOfRange(w, classes * d, w.length));
    }

    /**
     * The proportional-odds model, {@code P(y <= k) = sigmoid(cut[k] - w.x)}, the cuts kept in
     * order by fitting the first and the logs of the gaps after it.
     */
    static ComplexityHead complexity(Rows x, int[] y, int classes, double l2) {
        int n = x.size();
        int d = x.width();
        double[] w = new double[d];
        double[] cutParams = initialCuts(classes);
        Adam adam = new Adam(d + cutParams.length);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double[] cuts = cuts(cutParams);
            double[] gradW = new double[d];
            double[] gradCuts = new double[cuts.length];
            for (int i = 0; i < n; i++) {
                double s = x.dot(w, 0, i);
                OrdinalTerm term = OrdinalTerm.of(cuts, y[i], s, 1);
                // d(-log P)/ds and d(-log P)/dcut
                double ds = (term.densityUpper - term.densityLower) / term.probability / n;
                x.addTo(gradW, 0, i, ds);
                if (y[i] < cuts.length) {
                    gradCuts[y[i]] -= term.densityUpper / term.probability / n;
                }
                if (y[i] > 0) {
                    gradCuts[y[i] - 1] += term.densityLower / term.probability / n;
                }
            }
            for (int j = 0; j < d; j++) {
                gradW[j] += l2 * w[j];
            }
            double[] gradient = new double[d + cutParams.length];
            System.arraycopy(gradW, 0, gradient, 0, d);
            double[] gradParams = cutParamGradient(cutParams, gradCuts);
            System.arraycopy(gradParams, 0, gradient, d, gradParams.length);
            double[] step = adam.step(gradient, LEARNING_RATE);
            for (int j = 0; j < d; j++) {
                w[j] -= step[j];
            }
            for (int j = 0; j < cutParams.length; j++) {
                cutParams[j] -= step[d + j];
            }
        }
        return new ComplexityHead(w, cuts(cutParams));
    }

    /** Cut-points and a scale for fixed scores, fitted on other examples (the validation part). */
    static double[] refitCuts(double[] scores, int[] y, double[] startCuts, double scale) {
        double[] cutParams = paramsOf(startCuts);
        Adam adam = new Adam(cutParams.length);
        for (int epoch = 0; epoch < 400; epoch++) {
            double[] cuts = cuts(cutParams);
            double[] gradCuts = new double[cuts.length];
            for (int i = 0; i < scores.length; i++) {
                OrdinalTerm term = OrdinalTerm.of(cuts, y[i], scores[i], scale);
                if (y[i] < cuts.length) {
                    gradCuts[y[i]] -= term.densityUpper / term.probability / scale / scores.length;
                }
                if (y[i] > 0) {
                    gradCuts[y[i] - 1] += term.densityLower / term.probability / scale / scores.length;
                }
            }
            double[] step = adam.step(cutParamGradient(cutParams, gradCuts), LEARNING_RATE * 2);
            for (int j = 0; j < cutParams.length; j++) {
                cutParams[j] -= step[j];
            }
        }
        return cuts(cutParams);
    }

    static double ordinalLogLoss(double[] scores, int[] y, double[] cuts, double scale) {
        double loss = 0;
        for (int i = 0; i < scores.length; i++) {
            loss -= Math.log(OrdinalTerm.of(cuts, y[i], scores[i], scale).probability);
        }
        return loss / scores.length;
    }

    /** The probability of class y, and the logistic densities at its two bounds. */
    private record OrdinalTerm(double probability, double densityUpper, double densityLower) {
        static OrdinalTerm of(double[] cuts, int y, double score, double scale) {
            double upper = y < cuts.length ? LearnedModel.sigmoid((cuts[y] - score) / scale) : 1;
            double lower = y > 0 ? LearnedModel.sigmoid((cuts[y - 1] - score) / scale) : 0;
            return new OrdinalTerm(Math.max(1e-12, upper - lower), upper * (1 - upper), lower * (1 - lower));
        }
    }

    private static double[] initialCuts(int classes) {
        double[] cuts = new double[classes - 1];
        for (int k = 0; k < cuts.length; k++) {
            cuts[k] = k - (cuts.length - 1) / 2.0;
        }
        return paramsOf(cuts);
    }

    private static double[] paramsOf(double[] cuts) {
        double[] params = new double[cuts.length];
        params[0] = cuts[0];
        for (int k = 1; k < cuts.length; k++) {
            params[k] = Math.log(Math.max(1e-6, cuts[k] - cuts[k - 1]));
        }
        return params;
    }

    private static double[] cuts(double[] params) {
        double[] cuts = new double[params.length];
        cuts[0] = params[0];
        for (int k = 1; k < params.length; k++) {
            cuts[k] = cuts[k - 1] + Math.exp(params[k]);
        }
        return cuts;
    }

    /** The chain rule from the cuts to their parameters: cut k depends on param 0 and on the gaps 1..k. */
    private static double[] cutParamGradient(double[] params, double[] gradCuts) {
        double[] gradient = new double[params.length];
        for (int k = 0; k < gradCuts.length; k++) {
            gradient[0] += gradCuts[k];
            for (int j = 1; j <= k; j++) {
                gradient[j] += gradCuts[k] * Math.exp(params[j]);
            }
        }
        return gradient;
    }

    /** Adam's update, deterministic: the same gradients give the same steps. */
    private static final class Adam {
        private final double[] m;
        private final double[] v;
        private int t;

        Adam(int size) {
            m = new double[size];
            v = new double[size];
        }

        /** Moves {@code weights} one step against {@code gradient}, in place. */
        void descend(double[] weights, double[] gradient, double rate) {
            double[] step = step(gradient, rate);
            for (int i = 0; i < weights.length; i++) {
                weights[i] -= step[i];
            }
        }

        double[] step(double[] gradient, double rate) {
            t++;
            double[] step = new double[gradient.length];
            double correction1 = 1 - Math.pow(0.9, t);
            double correction2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < gradient.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * gradient[i];
                v[i] = 0.999 * v[i] + 0.001 * gradient[i] * gradient[i];
                step[i] = rate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + 1e-8);
            }
            return step;
        }
    }
}
