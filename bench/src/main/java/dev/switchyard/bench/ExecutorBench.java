package dev.switchyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.client.ProgressBar;
import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Routing;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.serde.TrustedRecords;
import dev.switchyard.schema.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One executor instance alone against provider-sim at a fixed latency: routed work items are
 * written straight to a provider's work topic, and the executor is measured on how many calls it
 * holds in flight at once (its own gauge, sampled), its heap, and results per second.
 */
final class ExecutorBench {

    static final String PROVIDER = "openai";
    static final String MODEL = "gpt-4o-mini";

    /**
     * @param results       outcomes: results, and failed attempts (which no router turns into retries here)
     * @param steadyPerSecond calls finished per second while the room is full: see {@link Samples#steadyPerSecond}
     * @param meanInFlight  the in-flight gauge's mean over the run: with the call time, says whether
     *                      the executor kept its room full (Little's law: results/s = in flight / call time)
     * @param meanCallMillis a provider call's mean duration in the executor, from its call timer
     * @param failures      failed attempts by outcome
     */
    record Outcome(int results, double seconds, double steadyPerSecond, long maxInFlight, long meanInFlight, double meanCallMillis,
                   long maxHeapBytes, int succeeded, Map<String, Integer> failures) {
        double perSecond() {
            return results / seconds;
        }
    }

    private ExecutorBench() {
    }

    static Outcome run(KafkaSettings kafka, String executorUrl, String run, int count) throws Exception {
        TrustedRecords.ensure();
        Topics topics = kafka.topics();
        Set<String> ids = new HashSet<>();
        Samples samples = new Samples();
        ProgressBar progress = new ProgressBar(System.out, "  results", count);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        double[] callsBefore = callTimer(http, json, executorUrl);
        samples.callsBefore = (long) callsBefore[0];
        Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(http, json, executorUrl, samples));
        int succeeded = 0;
        int received = 0;
        long start;
        Map<String, Integer> failures = new TreeMap<>();
        try (TopicReader<String, LlmResult> results = new TopicReader<>(kafka, topics.results, false);
             TopicReader<String, AttemptFailed> failed = new TopicReader<>(kafka, topics.failedAttempts, false);
             RecordWriter writer = new RecordWriter(kafka, "executor-bench")) {
            start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                WorkItem work = work(run + "-" + i);
                ids.add(work.getRequest().getRequestId());
                writer.send(topics.work(PROVIDER), work.getRequest().getRequestId(), work);
            }
            writer.flush();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (received < count && System.nanoTime() < deadline) {
                for (TopicReader.Entry<String, LlmResult> entry : results.poll(Duration.ofMillis(200))) {
                    if (ids.remove(entry.key())) {
                        received++;
                        succeeded += entry.value().getStatus() == ResultStatus.SUCCEEDED ? 1 : 0;
                    }
                }
                for (TopicReader.Entry<String, AttemptFailed> entry : failed.poll(Duration.ZERO)) {
                    if (ids.remove(entry.key())) {
                        received++;
                        failures.merge(entry.value().getOutcome(), 1, Integer::sum);
                    }
                }
                progress.update(received);
            }
        } finally {
            sampler.interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish(received);
        double[] callsAfter = callTimer(http, json, executorUrl);
        double meanCallMillis = (callsAfter[1] - callsBefore[1]) * 1000 / Math.max(1, callsAfter[0] - callsBefore[0]);
        return new Outcome(received, seconds, samples.steadyPerSecond(count), samples.maxInFlight, samples.meanInFlight(),
                meanCallMillis, samples.maxHeap, succeeded, failures);
    }

    private static WorkItem work(String id) {
        LlmRequest request = LlmRequest.newBuilder().setRequestId(id).setTenantId("bench").setMaxOutputTokens(32)
                .setModel(MODEL).setCreatedAtMs(Instant.now())
                .setMessages(List.of(Messages.text("user", "Reply with one short sentence about queues."))).build();
        Routing routing = Routing.newBuilder().setStrategy(Strategy.COST).setTaskType("chat").setComplexity(Complexity.SIMPLE)
                .setReason("pinned by the benchmark").setEstimatedCostNanoUsd(1).build();
        return WorkItem.newBuilder().setRequest(request).setRouting(routing).setProvider(PROVIDER).setModel(MODEL)
                .setAttempt(1).setRoutedAtMs(Instant.now()).build();
    }

    /** Written by the sampling thread only, read after it stopped. */
    private static final class Samples {
        volatile long maxInFlight;
        volatile long inFlightSum;
        volatile int count;
        volatile long maxHeap;
        volatile long callsBefore;
        /** {nanoTime, calls finished so far}, a pair per sample. */
        final List<long[]> calls = new CopyOnWriteArrayList<>();

        long meanInFlight() {
            return count == 0 ? 0 : inFlightSum / count;
        }

        /**
         * Calls finished per second from the tenth to the ninetieth percent of the run's calls:
         * the rate the executor holds once its room is full, without the ramp (nothing finishes
         * for the simulator's latency) and the drain (nothing new starts). Counted at the calls,
         * since results leave in bursts: in offset order, so a partition's slowest call holds
         * back every later one.
         */
        double steadyPerSecond(int total) {
            long[] from = firstReaching(callsBefore + total / 10);
            long[] to = firstReaching(callsBefore + total - total / 10);
            return from == null || to == null || to[0] == from[0] ? Double.NaN : (to[1] - from[1]) * 1e9 / (to[0] - from[0]);
        }

        private long[] firstReaching(long calls) {
            return this.calls.stream().filter(sample -> sample[1] >= calls).findFirst().orElse(null);
        }
    }

    /** The executor's own view: its in-flight gauge, its used heap and its finished calls, every 200 ms. */
    private static void sample(HttpClient http, ObjectMapper json, String executorUrl, Samples samples) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long inFlight = (long) metric(http, json, executorUrl
                        + "/actuator/metrics/switchyard.executor.in.flight?tag=provider:" + PROVIDER).path(0).path("value").asDouble();
                long heap = (long) metric(http, json, executorUrl + "/actuator/metrics/jvm.memory.used?tag=area:heap")
                        .path(0).path("value").asDouble();
                samples.maxInFlight = Math.max(samples.maxInFlight, inFlight);
                samples.inFlightSum += inFlight;
                samples.count++;
                samples.maxHeap = Math.max(samples.maxHeap, heap);
                samples.calls.add(new long[] {System.nanoTime(), (long) callTimer(http, json, executorUrl)[0]});
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the executor is busy; sample again
            }
        }
    }

    /** The call timer's {count, total seconds} over every outcome. */
    private static double[] callTimer(HttpClient http, ObjectMapper json, String executorUrl) throws Exception {
        double[] countAndTotal = new double[2];
        for (JsonNode measurement : metric(http, json, executorUrl + "/actuator/metrics/switchyard.executor.calls")) {
            switch (measurement.path("statistic").asText()) {
                case "COUNT" -> countAndTotal[0] = measurement.path("value").asDouble();
                case "TOTAL_TIME" -> countAndTotal[1] = measurement.path("value").asDouble();
                default -> { }
            }
        }
        return countAndTotal;
    }

    private static JsonNode metric(HttpClient http, ObjectMapper json, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).path("measurements");
    }
}
