package dev.switchyard.bench;

import dev.switchyard.cli.client.LatencyStats;
import dev.switchyard.cli.client.ProgressBar;
import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.stats.ModelStatsKey;
import dev.switchyard.router.RouterApplication;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The router alone: requests in, routed work items (or refusals) out. Throughput is measured
 * with everything sent at once; latency at a paced rate, from the request's append to the routed
 * record's, both as the broker stamps them ({@link #stampAppendTimes}), and also as this client
 * sees it, after the router's exactly-once commit makes it visible.
 */
final class RouterBench {

    /** Spread over many tenants: the router core is partitioned by tenant. */
    private static final int TENANTS = 60;

    /**
     * @param appendToAppend one hop for every request: the bench's tenants have no budgets, so the
     *                       request core routes each request where it lands
     * @param compiling      seconds each watched JVM spent in its JIT compilers while the measured
     *                       requests ran: a hop measured while a JIT compiles is not yet warm
     */
    record Outcome(int records, double seconds, LatencyStats appendToAppend, LatencyStats visible, Map<String, Double> compiling) {
        double perSecond() {
            return records / seconds;
        }
    }

    /**
     * @param records        routed records read back
     * @param drainSeconds   from the first routed record to the last
     * @param steadyPerSecond routed per second between the 20th and the 95th percentile of the
     *                       routed records' append times: the router's JIT warms up in the first part
     */
    record Backlog(int records, double drainSeconds, double steadyPerSecond) {
        double perSecond() {
            return records / drainSeconds;
        }
    }

    private RouterBench() {
    }

    /**
     * The router's own rate: {@code count} requests are written before the router starts, so
     * that only the router and the broker use the cores while it drains them (no client sends or
     * reads meanwhile), and the routed records are read back afterwards. The rate comes from
     * their timestamps, which the broker stamps as it appends each one.
     *
     * @param startRouter starts the router once the backlog is written
     */
    static Backlog backlog(KafkaSettings kafka, int count, Runnable startRouter) {
        Topics topics = kafka.topics();
        ProgressBar written = new ProgressBar(System.out, "  written", count);
        try (RequestProducer producer = new RequestProducer(kafka)) {
            // In slices, so that the client never holds the whole backlog in memory.
            for (int sent = 0; sent < count; ) {
                int slice = Math.min(BACKLOG_SLICE, count - sent);
                List<LlmRequest> requests = Workload.generate("backlog-" + sent + "-" + Instant.now().toEpochMilli(), slice, 17 + sent);
                spreadOverTenants(requests, sent);
                writeAll(producer, requests);
                sent += slice;
                written.update(sent);
            }
            written.finish(count);
        }
        startRouter.run();
        awaitCommitted(kafka, RouterApplication.APPLICATION_ID);
        long[] timestamps = routedTimestamps(kafka, topics, count);
        Arrays.sort(timestamps);
        int n = timestamps.length;
        int from = n / 5;
        int to = n * 95 / 100;
        double steadySeconds = (timestamps[to - 1] - timestamps[from]) / 1000.0;
        return new Backlog(n, (timestamps[n - 1] - timestamps[0]) / 1000.0, steadySeconds > 0 ? (to - 1 - from) / steadySeconds : 0);
    }

    private static final int BACKLOG_SLICE = 20_000;

    /** Round-robin over {@link #TENANTS}, counting from request number {@code first}. */
    private static void spreadOverTenants(List<LlmRequest> requests, int first) {
        for (int i = 0; i < requests.size(); i++) {
            requests.get(i).setTenantId("tenant-" + ((first + i) % TENANTS));
        }
    }

    /**
     * Writes every request, sending again those whose write failed: a backlog short of its count
     * would never be read back in full. (Right after a fresh broker creates its topics, a first
     * write can fail while a partition's log is still being created.)
     */
    private static void writeAll(RequestProducer producer, List<LlmRequest> requests) {
        List<LlmRequest> pending = requests;
        for (int round = 1; !pending.isEmpty(); round++) {
            List<Future<RecordMetadata>> writes = pending.stream().map(producer::send).toList();
            producer.flush();
            List<LlmRequest> failed = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                try {
                    writes.get(i).get();
                } catch (ExecutionException e) {
                    if (round == 3) {
                        throw new IllegalStateException("cannot write the backlog: " + e.getCause().getMessage(), e.getCause());
                    }
                    failed.add(pending.get(i));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            pending = failed;
        }
    }

    /**
     * Waits until a Streams application (the router, or the baseline hop) has committed past
     * every request: all are routed and visible.
     */
    static void awaitCommitted(KafkaSettings kafka, String applicationId) {
        Topics topics = kafka.topics();
        try (Admin admin = Admin.create(kafka.admin())) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topics.requests.name())).allTopicNames().get()
                    .get(topics.requests.name()).partitions().stream()
                    .map(p -> new TopicPartition(topics.requests.name(), p.partition())).toList();
            long total = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                    .values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
            // Every request of the bench's own stack, from offset 0.
            ProgressBar progress = new ProgressBar(System.out, "  routed", (int) total);
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            String group = kafka.topicPrefix() + applicationId;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                long done = partitions.stream().mapToLong(p -> committed.get(p) == null ? 0 : committed.get(p).offset()).sum();
                progress.update((int) done);
                if (done >= total) {
                    progress.finish((int) total);
                    return;
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException(applicationId + " did not catch up with the requests within 15 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the progress of " + applicationId + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The timestamps of the records on the router's output topics, read from the beginning
     * until there is one per request.
     */
    private static long[] routedTimestamps(KafkaSettings kafka, Topics topics, int expected) {
        try (KafkaConsumer<byte[], byte[]> outputs = outputs(kafka, topics)) {
            outputs.seekToBeginning(outputs.assignment());
            long[] timestamps = new long[expected];
            int n = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (n < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(500))) {
                    if (n == timestamps.length) {
                        throw new IllegalStateException("more routed records than requests: was the bench's stack fresh?");
                    }
                    timestamps[n++] = record.timestamp();
                }
            }
            if (n < expected) {
                throw new IllegalStateException("read back " + n + " routed records of " + expected);
            }
            return timestamps;
        }
    }

    static Outcome run(KafkaSettings kafka, String run, int count, int rate) {
        return run(kafka, run, 0, count, rate, Map.of());
    }

    /**
     * @param unmeasured requests sent first, through the same client at the same rate, and not
     *                   measured: the steady state is what counts, not a new client's first
     *                   sends (metadata, producer id), the settling after an earlier burst, or
     *                   the JIT compilers recompiling for this traffic
     * @param watched    JVMs by name and pid whose compile time over the measured requests the
     *                   outcome reports
     */
    static Outcome run(KafkaSettings kafka, String run, int unmeasured, int count, int rate, Map<String, Long> watched) {
        Topics topics = kafka.topics();
        List<LlmRequest> workload = Workload.generate(run + "-" + Instant.now().toEpochMilli(), unmeasured + count, 13);
        spreadOverTenants(workload, 0);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Future<RecordMetadata>> appends = new ConcurrentHashMap<>();
        Map<String, Long> routedAt = new HashMap<>();
        Map<String, Long> visibleAfter = new HashMap<>();
        Set<String> measured = workload.stream().skip(unmeasured).map(LlmRequest::getRequestId).collect(Collectors.toSet());
        ProgressBar progress = new ProgressBar(System.out, "  routed", unmeasured + count);
        AtomicLong measuredStart = new AtomicLong(System.nanoTime());
        AtomicReference<Map<String, Double>> compiledBefore = new AtomicReference<>(CompileTime.secondsOf(watched));
        // Paced requests go out one by one: a linger would be the client's wait, not the router's.
        try (KafkaConsumer<byte[], byte[]> outputs = outputs(kafka, topics);
             RequestProducer producer = rate > 0 ? RequestProducer.unbatched(kafka) : new RequestProducer(kafka)) {
            Thread sender = PacedSender.start(workload, unmeasured, rate, producer, measured, () -> {
                measuredStart.set(System.nanoTime());
                compiledBefore.set(CompileTime.secondsOf(watched));
            }, request -> sentAt.put(request.getRequestId(), request.getCreatedAtMs().toEpochMilli()), appends);
            int routed = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (routed < unmeasured + count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(100))) {
                    String requestId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    Long sent = requestId == null ? null : sentAt.remove(requestId);
                    if (sent != null && measured.contains(requestId)) {
                        routedAt.put(requestId, record.timestamp());
                        visibleAfter.put(requestId, System.currentTimeMillis() - sent);
                    }
                    if (sent != null) {
                        progress.update(++routed);
                    }
                }
            }
            double seconds = (System.nanoTime() - measuredStart.get()) / 1e9;
            Map<String, Double> compiling = CompileTime.between(compiledBefore.get(), CompileTime.secondsOf(watched));
            sender.join();
            progress.finish(routed);
            return outcome(appends, routedAt, visibleAfter, seconds, compiling);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Append to append: from the request's append time, which the broker returns to the
     * producer, to the routed record's, which it stamps as it appends it (both topics stamp
     * {@code LogAppendTime}, see {@link #stampAppendTimes}).
     */
    private static Outcome outcome(Map<String, Future<RecordMetadata>> appends, Map<String, Long> routedAt,
                                   Map<String, Long> visibleAfter, double seconds, Map<String, Double> compiling) {
        LatencyStats appendToAppend = new LatencyStats();
        LatencyStats visible = new LatencyStats();
        for (Map.Entry<String, Long> routed : routedAt.entrySet()) {
            appendToAppend.recordMillis(routed.getValue() - appendTime(appends.get(routed.getKey())));
            visible.recordMillis(visibleAfter.get(routed.getKey()));
        }
        return new Outcome(routedAt.size(), seconds, appendToAppend, visible, compiling);
    }

    private static long appendTime(Future<RecordMetadata> append) {
        try {
            return append.get().timestamp();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request was routed whose write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Makes the broker stamp each record of the requests topic and of the router's output topics
     * with the time it appends it ({@code message.timestamp.type=LogAppendTime}), so that latency
     * runs from append to append, as the goal is stated: a timestamp taken by the router as it
     * hands a record to its producer leaves out the producer's linger and the wait for a
     * transaction to take in a new partition. The bench's stack is its own, so its topics may
     * be changed.
     */
    static void stampAppendTimes(KafkaSettings kafka) {
        Topics topics = kafka.topics();
        List<String> names = new ArrayList<>(outputTopics(topics));
        names.add(topics.requests.name());
        AlterConfigOp logAppendTime = new AlterConfigOp(
                new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = names.stream().collect(Collectors.toMap(
                name -> new ConfigResource(ConfigResource.Type.TOPIC, name), name -> List.of(logAppendTime)));
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.incrementalAlterConfigs(changes).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.describeConfigs(changes.keySet()).all().get().values().stream().allMatch(config ->
                    "LogAppendTime".equals(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not take LogAppendTime on the bench's topics within 30 s");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set the bench's topics to LogAppendTime: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Publishes observed stats of every catalog model, as an executor instance does: in production
     * the router ranks with them (the circuit of each eligible model, and BALANCED's observed
     * latency), and without them it would have less to do per request than it does there. They are
     * published again every 2 s, as executors do, until closed: the router ignores stats older
     * than 30 s, and a bench runs longer.
     */
    static AutoCloseable publishModelStats(KafkaSettings kafka) {
        Topics topics = kafka.topics();
        RecordWriter writer = new RecordWriter(kafka, "router-bench");
        Runnable publish = () -> {
            for (ModelSpec model : CatalogLoader.defaultCatalog().models()) {
                writer.send(topics.modelStats, ModelStatsKey.of(model.id(), "router-bench"), ModelStats.newBuilder()
                        .setModel(model.id()).setProvider(model.provider()).setCircuit(CircuitState.CLOSED)
                        .setLatencyMs(model.typicalLatencyMs()).setSuccessRate(0.99).setSamples(1_000)
                        .setUpdatedAtMs(Instant.now()).build());
            }
            writer.flush();
        };
        publish.run(); // before the router routes anything
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bench-model-stats").daemon().factory());
        timer.scheduleAtFixedRate(publish, 2, 2, TimeUnit.SECONDS);
        return () -> {
            timer.shutdownNow();
            writer.close();
        };
    }

    private static List<String> outputTopics(Topics topics) {
        List<String> names = new ArrayList<>(List.of(topics.results.name()));
        for (ProviderSpec provider : CatalogLoader.defaultCatalog().providers()) {
            names.add(topics.work(provider.id()).name());
            names.add(topics.priorityWork(provider.id()).name());
        }
        return names;
    }

    /** One consumer on every topic the router writes to, positioned at their ends. */
    private static KafkaConsumer<byte[], byte[]> outputs(KafkaSettings kafka, Topics topics) {
        List<String> names = outputTopics(topics);
        Properties props = kafka.promptConsumer("unused", "router-bench");
        props.remove("group.id");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        names.forEach(name -> consumer.partitionsFor(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

}
