package dev.switchyard.router.classify;

import dev.switchyard.schema.Complexity;

/**
 * How far a classification may lean up: a request is routed as the highest complexity whose tail
 * probability {@code P(c >= k)} reaches a threshold, and never below its most likely one. A lower
 * threshold sends more requests to stronger models. The model's percentiles of the score that
 * sends a request to the large tier turn a wanted share of large-tier calls into a threshold,
 * RouteLLM's {@code calibrate_threshold} on the model's validation part.
 *
 * @param complexityProbabilities the classifier's probability of each complexity, in order
 * @param expertScoreQuantiles    the 0th to 100th percentiles of the large-tier score on the
 *                                model's validation part (EXPERT most likely: 1; else P(EXPERT))
 * @param trainedThreshold        the model's own threshold, which kept under-serving on its
 *                                validation part within target
 */
public record Leaning(double[] complexityProbabilities, double[] expertScoreQuantiles, double trainedThreshold) {

    /** The lowest threshold used: below it, almost every request would lean up. */
    public static final double MIN_THRESHOLD = 0.01;
    /** The highest: at one half a higher complexity is the likelier side, and leaning stops being leaning. */
    public static final double MAX_THRESHOLD = 0.5;

    /** The complexity routed as at this threshold: at least {@code mostLikely}. */
    public Complexity routeAs(Complexity mostLikely, double threshold) {
        return Complexity.values()[Math.max(mostLikely.ordinal(), upgraded(complexityProbabilities, threshold))];
    }

    /** The highest class whose tail probability reaches the threshold; the lowest when none does. */
    public static int upgraded(double[] probabilities, double threshold) {
        double tail = 0;
        for (int k = probabilities.length - 1; k > 0; k--) {
            tail += probabilities[k];
            if (tail >= threshold) {
                return k;
            }
        }
        return 0;
    }

    /** The share of the validation part's requests that this threshold sends to the large tier. */
    public double shareAt(double threshold) {
        int last = expertScoreQuantiles.length - 1;
        int atOrAbove = 0;
        for (double score : expertScoreQuantiles) {
            atOrAbove += score >= threshold ? 1 : 0;
        }
        return Math.min(1, atOrAbove / (double) last);
    }

    /**
     * The threshold that sends about this share of requests to the large tier: the percentile of
     * the large-tier score at one minus the share, within {@link #MIN_THRESHOLD} and
     * {@link #MAX_THRESHOLD}. A share below what the most likely complexities alone give cannot be
     * had by leaning, and gets the highest threshold.
     */
    public double thresholdFor(double largeTierShare) {
        return Math.clamp(percentile(expertScoreQuantiles, 1 - Math.clamp(largeTierShare, 0, 1)), MIN_THRESHOLD, MAX_THRESHOLD);
    }

    /** The value at this fraction (0 to 1) of sorted values, interpolated between the nearest two. */
    public static double percentile(double[] sorted, double fraction) {
        double position = fraction * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
