package dev.switchyard.router.classify.learned;

import dev.switchyard.router.classify.Classification;
import dev.switchyard.router.classify.Classifier;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.LlmRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a classifier does on labelled conversations, as the routing rubric asks it to be judged:
 * accuracy per task type and per complexity with both confusion matrices, and the tier outcome:
 * the share on a sufficient tier, under-served and over-served, and the cost against always
 * using the large tier.
 *
 * @param taskTypes         the row and column order of {@code taskConfusion}
 * @param taskConfusion     [labelled][predicted]
 * @param complexityConfusion [labelled][predicted], in {@link Complexity} order
 * @param tierCostShare     the predicted tiers' cost over always-large, by the tiers' typical price ratio
 */
public record Evaluation(int examples, List<String> taskTypes, int[][] taskConfusion, int[][] complexityConfusion,
                         int sufficient, int underServed, int overServed, double tierCostShare) {

    /**
     * Typical price of a request on each tier relative to the large one: the built-in catalog's
     * mainstream models cost about a fifth of the flagships, its small ones about a twentieth.
     */
    static final Map<Tier, Double> RELATIVE_COST = Map.of(Tier.SMALL, 0.05, Tier.MEDIUM, 0.2, Tier.LARGE, 1.0);

    public static Evaluation of(Classifier classifier, List<LabelledConversation> examples, List<String> taskTypes) {
        int[][] tasks = new int[taskTypes.size()][taskTypes.size()];
        int[][] complexities = new int[Complexity.values().length][Complexity.values().length];
        int sufficient = 0;
        int under = 0;
        int over = 0;
        double cost = 0;
        for (LabelledConversation example : examples) {
            Classification got = classifier.classify(LlmRequest.newBuilder().setRequestId(example.id()).setTenantId("eval")
                    .setMessages(example.messages()).build());
            int labelled = taskTypes.indexOf(example.taskType());
            int predicted = taskTypes.indexOf(got.taskType());
            if (labelled >= 0 && predicted >= 0) {
                tasks[labelled][predicted]++;
            }
            complexities[example.complexity().ordinal()][got.complexity().ordinal()]++;
            Tier tier = Tier.usuallyEnoughFor(got.routeAs());
            int versus = tier.compareTo(example.minTier());
            if (versus < 0) {
                under++;
            } else {
                sufficient++;
                over += versus > 0 ? 1 : 0;
            }
            cost += RELATIVE_COST.get(tier);
        }
        return new Evaluation(examples.size(), taskTypes, tasks, complexities, sufficient, under, over,
                examples.isEmpty() ? 0 : cost / examples.size());
    }

    public double taskAccuracy() {
        return diagonal(taskConfusion) / (double) Math.max(1, examples);
    }

    public double complexityAccuracy() {
        return diagonal(complexityConfusion) / (double) Math.max(1, examples);
    }

    /** Complexity at most one step off. */
    public double complexityWithinOne() {
        int near = 0;
        for (int i = 0; i < complexityConfusion.length; i++) {
            for (int j = Math.max(0, i - 1); j <= Math.min(complexityConfusion.length - 1, i + 1); j++) {
                near += complexityConfusion[i][j];
            }
        }
        return near / (double) Math.max(1, examples);
    }

    public double underServedShare() {
        return underServed / (double) Math.max(1, examples);
    }

    public double overServedShare() {
        return overServed / (double) Math.max(1, examples);
    }

    public double sufficientShare() {
        return sufficient / (double) Math.max(1, examples);
    }

    /** Accuracy per labelled task type. */
    public Map<String, Double> perTaskType() {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (int i = 0; i < taskTypes.size(); i++) {
            accuracy.put(taskTypes.get(i), rowAccuracy(taskConfusion, i));
        }
        return accuracy;
    }

    /** Accuracy per labelled complexity. */
    public Map<Complexity, Double> perComplexity() {
        Map<Complexity, Double> accuracy = new LinkedHashMap<>();
        for (Complexity complexity : Complexity.values()) {
            accuracy.put(complexity, rowAccuracy(complexityConfusion, complexity.ordinal()));
        }
        return accuracy;
    }

    /** A plain-text report: the figures, then both confusion matrices. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d examples: task type %.3f, complexity %.3f exact and %.3f within one step%n",
                examples, taskAccuracy(), complexityAccuracy(), complexityWithinOne()));
        out.append(String.format("tier: %.1f%% sufficient, %.1f%% under-served, %.1f%% over-served; cost %.1f%% of always-large%n",
                100 * sufficientShare(), 100 * underServedShare(), 100 * overServedShare(), 100 * tierCostShare));
        out.append("task type (rows labelled, columns predicted):\n");
        out.append(matrix(taskTypes, taskConfusion));
        List<String> complexityNames = new ArrayList<>();
        for (Complexity complexity : Complexity.values()) {
            complexityNames.add(complexity.name());
        }
        out.append("complexity (rows labelled, columns predicted):\n");
        out.append(matrix(complexityNames, complexityConfusion));
        return out.toString();
    }

    private static String matrix(List<String> names, int[][] counts) {
        StringBuilder out = new StringBuilder(String.format("%-10s", ""));
        names.forEach(name -> out.append(String.format("%10s", abbreviate(name))));
        out.append(String.format("%10s%n", "accuracy"));
        for (int i = 0; i < names.size(); i++) {
            out.append(String.format("%-10s", abbreviate(names.get(i))));
            for (int j = 0; j < names.size(); j++) {
                out.append(String.format("%10d", counts[i][j]));
            }
            out.append(String.format("%10.3f%n", rowAccuracy(counts, i)));
        }
        return out.toString();
    }

    private static String abbreviate(String name) {
        return name.length() <= 9 ? name : name.substring(0, 9);
    }

    private static double rowAccuracy(int[][] counts, int row) {
        int total = 0;
        for (int count : counts[row]) {
            total += count;
        }
        return total == 0 ? Double.NaN : counts[row][row] / (double) total;
    }

    private static int diagonal(int[][] counts) {
        int hits = 0;
        for (int i = 0; i < counts.length; i++) {
            hits += counts[i][i];
        }
        return hits;
    }
}
