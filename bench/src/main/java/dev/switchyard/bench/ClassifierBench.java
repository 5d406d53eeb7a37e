package dev.switchyard.bench;

import dev.switchyard.router.classify.Classifier;
import dev.switchyard.router.classify.RuleBasedClassifier;
import dev.switchyard.router.classify.learned.Corpus;
import dev.switchyard.router.classify.learned.LabelledConversation;
import dev.switchyard.router.classify.learned.LearnedClassifier;
import dev.switchyard.router.classify.learned.SentenceEmbedder;
import dev.switchyard.router.classify.learned.Training;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.serde.TrustedRecords;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The classifiers alone: per-request latency of the rule-based classifier and of both bundled
 * learned models (the n-gram one, the router's default, and the one that also reads the sentence
 * embedding) on the same prompts, on one thread, and the resident memory each learned one adds
 * over the rules. Every prompt is distinct and the embedding cache is off, so no figure comes from
 * a cache.
 */
final class ClassifierBench {

    private static final int MAX_CHARS = 2_000;
    private static final int ROUNDS = 3;

    private ClassifierBench() {
    }

    static void run(PrintStream out) throws IOException {
        TrustedRecords.ensure();
        List<LlmRequest> requests = prompts();
        out.printf("%d distinct conversations of up to %d characters, %d rounds each (the first unmeasured), one thread%n",
                requests.size(), MAX_CHARS, ROUNDS);
        Histogram rules = measure(new RuleBasedClassifier(), requests);
        System.gc();
        long before = residentBytes();
        Histogram ngrams = measure(LearnedClassifier.bundled(false, 0), requests);
        System.gc();
        long ngramsAdded = residentBytes() - before;
        try (SentenceEmbedder embedder = new SentenceEmbedder(0)) {
            Histogram embedding = measure(new LearnedClassifier(embedder, Training.bundledModel(true)), requests);
            System.gc();
            long embeddingAdded = residentBytes() - before;
            report(out, "rules", rules);
            report(out, "learned (n-grams)", ngrams);
            report(out, "learned (embedding)", embedding);
            out.printf("learned (n-grams) over rules: p50 x%.1f, p99 x%.1f; resident memory +%d MB%n",
                    ratio(ngrams, rules, 50), ratio(ngrams, rules, 99), ngramsAdded >> 20);
            out.printf("learned (embedding) over rules: p50 x%.1f, p99 x%.1f; resident memory +%d MB%n",
                    ratio(embedding, rules, 50), ratio(embedding, rules, 99), embeddingAdded >> 20);
        }
    }

    private static List<LlmRequest> prompts() {
        Corpus corpus = Corpus.bundled();
        Set<String> seen = new LinkedHashSet<>();
        List<LlmRequest> requests = new ArrayList<>();
        for (Corpus.Split split : Corpus.Split.values()) {
            for (LabelledConversation example : corpus.part(split)) {
                int chars = example.messages().stream().mapToInt(m -> m.getContent().length()).sum();
                if (chars <= MAX_CHARS && seen.add(example.messages().toString())) {
                    requests.add(LlmRequest.newBuilder().setRequestId(example.id()).setTenantId("bench")
                            .setMessages(example.messages()).build());
                }
            }
        }
        return requests;
    }

    /** The last rounds' latencies in microseconds; the first round warms the JIT and ONNX Runtime. */
    private static Histogram measure(Classifier classifier, List<LlmRequest> requests) {
        Histogram latency = new Histogram(3);
        for (int round = 0; round < ROUNDS; round++) {
            for (LlmRequest request : requests) {
                // A changed request id keeps nothing from a round before; the text is what is classified.
                long start = System.nanoTime();
                classifier.classify(request);
                long micros = (System.nanoTime() - start) / 1_000;
                if (round > 0) {
                    latency.recordValue(Math.max(1, micros));
                }
            }
        }
        return latency;
    }

    private static void report(PrintStream out, String name, Histogram latency) {
        out.printf("%-20s p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %7.3f ms%n", name,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getValueAtPercentile(99.9) / 1000.0, latency.getMaxValue() / 1000.0);
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return (double) a.getValueAtPercentile(percentile) / Math.max(1, b.getValueAtPercentile(percentile));
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
