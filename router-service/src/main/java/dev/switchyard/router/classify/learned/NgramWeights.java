package dev.switchyard.router.classify.learned;

import java.util.List;

/**
 * A head's weights over the {@link HashedNgrams} buckets: one byte per weight and a scale per
 * row, {@code weight = byte * scale}. Eight bits lose nothing a linear head notices (the
 * validation figures are the same to the example) and keep a model small enough to publish as
 * one record; JSON carries the bytes as base64.
 *
 * @param scales  one per row
 * @param weights row after row, {@link HashedNgrams#BUCKETS} each
 */
public record NgramWeights(double[] scales, byte[] weights) {

    /** The nearest weights of this form to {@code rows}, each row scaled to its largest weight. */
    static NgramWeights quantised(double[][] rows) {
        double[] scales = new double[rows.length];
        byte[] weights = new byte[rows.length * HashedNgrams.BUCKETS];
        for (int r = 0; r < rows.length; r++) {
            double largest = 0;
            for (double w : rows[r]) {
                largest = Math.max(largest, Math.abs(w));
            }
            scales[r] = largest == 0 ? 1 : Training.round(largest / 127);
            for (int b = 0; b < HashedNgrams.BUCKETS; b++) {
                weights[r * HashedNgrams.BUCKETS + b] = (byte) Math.max(-127, Math.min(127, Math.round(rows[r][b] / scales[r])));
            }
        }
        return new NgramWeights(scales, weights);
    }

    int rows() {
        return scales.length;
    }

    /** Row {@code row} times the n-gram vector. */
    double dot(int row, HashedNgrams.Vector ngrams) {
        int offset = row * HashedNgrams.BUCKETS;
        int[] buckets = ngrams.buckets();
        double[] values = ngrams.values();
        double sum = 0;
        for (int i = 0; i < buckets.length; i++) {
            sum += weights[offset + buckets[i]] * values[i];
        }
        return sum * scales[row];
    }

    /** Row {@code row} as numbers. */
    double[] row(int row) {
        double[] values = new double[HashedNgrams.BUCKETS];
        for (int b = 0; b < values.length; b++) {
            values[b] = weights[row * HashedNgrams.BUCKETS + b] * scales[row];
        }
        return values;
    }

    void check(List<String> problems, String name, int expectedRows) {
        if (scales == null || weights == null || scales.length != expectedRows
                || weights.length != expectedRows * HashedNgrams.BUCKETS) {
            problems.add(name + " must hold " + expectedRows + " rows of " + HashedNgrams.BUCKETS + " weights");
        } else if (java.util.Arrays.stream(scales).anyMatch(scale -> !(scale > 0) || !Double.isFinite(scale))) {
            problems.add(name + " scales must be positive");
        }
    }
}
