package dev.switchyard.cli.bench;

import dev.switchyard.cli.client.LatencyStats;
import dev.switchyard.cli.client.ProgressBar;
import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.demo.Workload;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Strategy;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The router alone: requests in, routed work items (or refusals) out. Throughput is measured
 * with everything sent at once; latency at a paced rate, from the request's append (its
 * producer timestamp) to the routed record's (stamped by the router as it writes it), and also
 * as this client sees it, after the router's exactly-once commit makes it visible.
 */
final class RouterBench {

    /** Spread over many tenants: the router core is partitioned by tenant. */
    private static final int TENANTS = 60;

    /**
     * @param oneHop append to append of the requests the request core routes alone (every
     *               request here but PREFERENCE ones: the bench's tenants have no budgets)
     */
    record Outcome(int records, double seconds, LatencyStats appendToAppend, LatencyStats oneHop, LatencyStats visible) {
        double perSecond() {
            return records / seconds;
        }
    }

    private RouterBench() {
    }

    static Outcome run(KafkaSettings kafka, String run, int count, int rate) {
        return run(kafka, run, 0, count, rate);
    }

    /**
     * @param unmeasured requests sent first, through the same client at the same rate, and not
     *                   measured: the steady state is what counts, not a new client's first
     *                   sends (metadata, producer id) or the settling after an earlier burst
     */
    static Outcome run(KafkaSettings kafka, String run, int unmeasured, int count, int rate) {
        Topics topics = kafka.topics();
        List<LlmRequest> workload = Workload.generate(run + "-" + Instant.now().toEpochMilli(), unmeasured + count, 13);
        for (int i = 0; i < workload.size(); i++) {
            workload.get(i).setTenantId("tenant-" + (i % TENANTS));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        // PREFERENCE requests go on to the tenant core (it keeps the outcomes they learn from): a second hop.
        Set<String> secondHop = workload.stream().filter(r -> r.getStrategy() == Strategy.PREFERENCE)
                .map(LlmRequest::getRequestId).collect(Collectors.toSet());
        LatencyStats oneHop = new LatencyStats();
        LatencyStats appendToAppend = new LatencyStats();
        LatencyStats visible = new LatencyStats();
        Set<String> measured = workload.stream().skip(unmeasured).map(LlmRequest::getRequestId).collect(Collectors.toSet());
        ProgressBar progress = new ProgressBar(System.out, "  routed", unmeasured + count);
        AtomicLong measuredStart = new AtomicLong(System.nanoTime());
        // Paced requests go out one by one: a linger would be the client's wait, not the router's.
        try (KafkaConsumer<byte[], byte[]> outputs = outputs(kafka, topics);
             RequestProducer producer = rate > 0 ? RequestProducer.unbatched(kafka) : new RequestProducer(kafka)) {
            Thread sender = Thread.ofPlatform().start(() -> {
                Pacer pacer = new Pacer(rate);
                for (int i = 0; i < workload.size(); i++) {
                    LlmRequest request = workload.get(i);
                    pacer.awaitNext();
                    if (i == unmeasured) {
                        measuredStart.set(System.nanoTime());
                    }
                    long now = System.currentTimeMillis();
                    request.setCreatedAtMs(Instant.ofEpochMilli(now));
                    sentAt.put(request.getRequestId(), now);
                    producer.send(request);
                }
                producer.flush();
            });
            int routed = 0;
            int routedMeasured = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (routed < unmeasured + count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(100))) {
                    String requestId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    Long sent = requestId == null ? null : sentAt.remove(requestId);
                    if (sent != null && !measured.contains(requestId)) {
                        progress.update(++routed);
                    } else if (sent != null) {
                        routedMeasured++;
                        appendToAppend.recordMillis(record.timestamp() - sent);
                        if (!secondHop.contains(requestId)) {
                            oneHop.recordMillis(record.timestamp() - sent);
                        }
                        visible.recordMillis(System.currentTimeMillis() - sent);
                        progress.update(++routed);
                    }
                }
            }
            double seconds = (System.nanoTime() - measuredStart.get()) / 1e9;
            sender.join();
            progress.finish(routed);
            return new Outcome(routedMeasured, seconds, appendToAppend, oneHop, visible);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One consumer on every topic the router writes to, positioned at their ends. */
    private static KafkaConsumer<byte[], byte[]> outputs(KafkaSettings kafka, Topics topics) {
        List<String> names = new ArrayList<>(List.of(topics.results.name()));
        for (ProviderSpec provider : CatalogLoader.defaultCatalog().providers()) {
            names.add(topics.work(provider.id()).name());
            names.add(topics.priorityWork(provider.id()).name());
        }
        Properties props = kafka.consumer("unused", "router-bench");
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
