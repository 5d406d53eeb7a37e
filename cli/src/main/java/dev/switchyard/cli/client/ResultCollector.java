package dev.switchyard.cli.client;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.LlmResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Waits for the results of a known set of requests, as a batch pipeline does. Open it before
 * producing: it reads only results that arrive after it was opened.
 */
public final class ResultCollector implements AutoCloseable {

    /** A result with the moment this client received it, for end-to-end latency. */
    public record Received(LlmResult result, long receivedAtMs) {
    }

    private final TopicReader<String, LlmResult> reader;

    public ResultCollector(KafkaSettings kafka) {
        this.reader = new TopicReader<>(kafka, kafka.topics().results, false);
    }

    /**
     * Collects until every id has a result or the timeout passes; duplicates keep the first.
     *
     * @param onResult called for each first result, with the count so far
     */
    public Map<String, Received> await(Set<String> requestIds, Duration timeout, BiConsumer<Received, Integer> onResult) {
        Map<String, Received> results = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (results.size() < requestIds.size() && System.nanoTime() < deadline) {
            for (TopicReader.Entry<String, LlmResult> entry : reader.poll(Duration.ofMillis(100))) {
                long now = System.currentTimeMillis();
                if (requestIds.contains(entry.key()) && !results.containsKey(entry.key())) {
                    Received received = new Received(entry.value(), now);
                    results.put(entry.key(), received);
                    onResult.accept(received, results.size());
                }
            }
        }
        return results;
    }

    @Override
    public void close() {
        reader.close();
    }
}
