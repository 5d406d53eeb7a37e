package dev.switchyard.bench;

import dev.switchyard.cli.client.ProgressBar;
import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The cost service alone: usage events in as fast as a producer writes them, and the time until
 * the cost service has committed (exactly-once, so with every aggregate, ledger and output of
 * them) its position at the end of {@code llm.usage}.
 */
final class CostBench {

    /** The cost service's consumer group: its Kafka Streams application id. */
    private static final String GROUP = "switchyard-cost";

    record Outcome(int events, double seconds) {
        double perSecond() {
            return events / seconds;
        }
    }

    private CostBench() {
    }

    static Outcome run(KafkaSettings kafka, String run, int count) throws Exception {
        Topics topics = kafka.topics();
        Random random = new Random(run.hashCode());
        List<String> models = List.of("gpt-4o-mini", "gpt-4o", "claude-haiku-4-5", "claude-sonnet-4-5", "mistral-small", "llama-3.3-70b");
        ProgressBar progress = new ProgressBar(System.out, "  counted", count);
        try (Admin admin = Admin.create(kafka.admin()); RecordWriter writer = new RecordWriter(kafka, "cost-bench")) {
            long start = System.nanoTime();
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) {
                int tenant = random.nextInt(200);
                String model = models.get(random.nextInt(models.size()));
                UsageEvent usage = UsageEvent.newBuilder()
                        .setUsageId(run + "-" + i + "#1").setRequestId(run + "-" + i).setAttempt(1)
                        .setTenantId("tenant-" + tenant).setUserId("user-" + tenant + "-" + random.nextInt(5))
                        .setProvider(model.startsWith("claude") ? "anthropic" : "openai").setModel(model)
                        .setInputTokens(random.nextInt(4_000)).setCachedInputTokens(random.nextInt(500))
                        .setOutputTokens(random.nextInt(800)).setCostNanoUsd(random.nextInt(10_000_000))
                        .setAtMs(now.plusMillis(i / 100)).build();
                writer.send(topics.usage, usage.getUsageId(), usage);
            }
            writer.flush();
            Map<TopicPartition, Long> ends = endOffsets(admin, topics.usage.name());
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            long behind = Long.MAX_VALUE;
            while (behind > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                behind = ends.entrySet().stream().mapToLong(end -> {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    return Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
                }).sum();
                progress.update((int) Math.max(0, Math.min(count, count - behind)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.finish(behind == 0 ? count : (int) (count - behind));
            if (behind > 0) {
                throw new IllegalStateException("the cost service was still " + behind + " of " + total + " events behind after 10 minutes");
            }
            return new Outcome(count, seconds);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws ExecutionException, InterruptedException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
