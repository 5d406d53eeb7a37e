package dev.switchyard.bench;

import dev.switchyard.cli.client.LatencyStats;
import dev.switchyard.cli.client.ProgressBar;
import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole pipeline as its readers see it. A request's time runs from its append to
 * {@code llm.requests}, as the broker stamps it ({@code LogAppendTime}, see
 * {@link RouterBench#stampAppendTimes}), to the moment this client's read_committed consumer
 * reads its result: the wait for every exactly-once commit on the way is in it.
 * <p>
 * Each request that succeeded at its first attempt is also broken into four parts, which add
 * up to its whole time:
 * <ol>
 *   <li>routed and visible: until a read_committed consumer of the work topics (this client's
 *       own, beside the executors') reads the routed work item;</li>
 *   <li>executor picked up: until the attempt started ({@code Attempt.startedAtMs});</li>
 *   <li>provider call: the attempt's {@code latencyMs};</li>
 *   <li>result visible: from the call's end until the result is read here.</li>
 * </ol>
 * All clocks are this machine's: the broker, the services and this client run on one host.
 */
final class PipelineBench {

    /** The parts of the requests that succeeded at their first attempt, and the time added to every request's calls. */
    record Parts(LatencyStats routedVisible, LatencyStats pickedUp, LatencyStats providerCall, LatencyStats resultVisible,
                 LatencyStats added) {
    }

    /**
     * @param endToEnd from each measured request's append to its result read here
     * @param parts    the same time in parts; {@code added} is the whole time less its provider calls
     */
    record Outcome(int results, double seconds, LatencyStats endToEnd, Parts parts) {
        double perSecond() {
            return results / seconds;
        }
    }

    private PipelineBench() {
    }

    /**
     * @param unmeasured requests sent first at the same rate through the same client, and not
     *                   measured: the steady state counts, not the JIT compilers' recompiling
     * @param rate       requests per second, or 0 for all at once
     */
    static Outcome run(KafkaSettings kafka, String run, int unmeasured, int count, int rate) {
        List<LlmRequest> workload = Workload.generate(run + "-" + Instant.now().toEpochMilli(), unmeasured + count, 11);
        Set<String> all = workload.stream().map(LlmRequest::getRequestId).collect(Collectors.toSet());
        Set<String> measured = workload.stream().skip(unmeasured).map(LlmRequest::getRequestId).collect(Collectors.toSet());
        Map<String, Future<RecordMetadata>> appends = new ConcurrentHashMap<>();
        ProgressBar progress = new ProgressBar(System.out, "  results", all.size());
        AtomicLong measuredStart = new AtomicLong(System.nanoTime());
        Map<String, ResultCollector.Received> results;
        double seconds;
        try (WorkWatcher routed = new WorkWatcher(kafka, measured);
             ResultCollector collector = new ResultCollector(kafka);
             // Paced requests go out one by one: a linger would be the client's wait, not Switchyard's.
             RequestProducer producer = rate > 0 ? RequestProducer.unbatched(kafka) : new RequestProducer(kafka)) {
            Thread sender = PacedSender.start(workload, unmeasured, rate, producer, measured,
                    () -> measuredStart.set(System.nanoTime()), request -> { }, appends);
            results = collector.await(all, Duration.ofMinutes(10), (received, n) -> progress.update(n));
            seconds = (System.nanoTime() - measuredStart.get()) / 1e9;
            sender.join();
            progress.finish(results.size());
            return outcome(results, measured, appends, routed.seenAt(), seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Outcome outcome(Map<String, ResultCollector.Received> results, Set<String> measured,
                           Map<String, Future<RecordMetadata>> appends, Map<String, Long> routedAt, double seconds) {
        LatencyStats endToEnd = new LatencyStats();
        Parts parts = new Parts(new LatencyStats(), new LatencyStats(), new LatencyStats(), new LatencyStats(), new LatencyStats());
        int counted = 0;
        for (String requestId : measured) {
            ResultCollector.Received received = results.get(requestId);
            if (received == null) {
                continue;
            }
            counted++;
            LlmResult result = received.result();
            long appended = appendTime(appends.get(requestId));
            long whole = received.receivedAtMs() - appended;
            endToEnd.recordMillis(whole);
            List<Attempt> attempts = result.getAttempts();
            parts.added().recordMillis(whole - attempts.stream().mapToLong(Attempt::getLatencyMs).sum());
            Long routed = routedAt.get(requestId);
            if (result.getStatus() == ResultStatus.SUCCEEDED && attempts.size() == 1 && routed != null) {
                Attempt attempt = attempts.getFirst();
                long started = attempt.getStartedAtMs().toEpochMilli();
                parts.routedVisible().recordMillis(routed - appended);
                parts.pickedUp().recordMillis(started - routed);
                parts.providerCall().recordMillis(attempt.getLatencyMs());
                parts.resultVisible().recordMillis(received.receivedAtMs() - started - attempt.getLatencyMs());
            }
        }
        return new Outcome(counted, seconds, endToEnd, parts);
    }

    private static long appendTime(Future<RecordMetadata> append) {
        try {
            return append.get().timestamp();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request has a result whose write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A read_committed consumer of every work topic, as an executor is: when it reads a routed
     * work item, the router's commit has made it visible. It keeps the first sighting of each
     * measured request (a fallback routes a request again).
     */
    private static final class WorkWatcher implements AutoCloseable {

        private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean stopping;

        WorkWatcher(KafkaSettings kafka, Set<String> measured) {
            Topics topics = kafka.topics();
            Properties props = kafka.promptConsumer("unused", "pipeline-bench-work");
            props.remove("group.id");
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = new ArrayList<>();
            for (ProviderSpec provider : CatalogLoader.defaultCatalog().providers()) {
                for (String name : List.of(topics.work(provider.id()).name(), topics.priorityWork(provider.id()).name())) {
                    consumer.partitionsFor(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // positioned before the first request is sent
            thread = Thread.ofPlatform().name("pipeline-bench-work").start(() -> {
                try (consumer) {
                    while (!stopping) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            long now = System.currentTimeMillis();
                            String requestId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                            if (requestId != null && measured.contains(requestId)) {
                                seenAt.putIfAbsent(requestId, now);
                            }
                        }
                    }
                }
            });
        }

        Map<String, Long> seenAt() {
            return seenAt;
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            thread.join();
        }
    }
}
