package dev.switchyard.core.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a deployment needs; existing topics are left as they are. */
public final class TopicProvisioner {

    /** How long new topics may take to be writable: seconds on a healthy cluster. */
    private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(60);

    private TopicProvisioner() {
    }

    /** What a service does before it starts, when {@code switchyard.kafka.provision-partitions} is set. */
    public static void ensureIfConfigured(KafkaSettings settings, Collection<String> providerIds) {
        if (settings.provisionPartitions() > 0) {
            ensure(settings, providerIds, settings.provisionPartitions());
        }
    }

    public static void ensure(KafkaSettings settings, Collection<String> providerIds, int partitions) {
        List<NewTopic> wanted = settings.topics().definitions(providerIds, partitions, settings.replicationFactor());
        try (Admin admin = Admin.create(settings.admin())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, missing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Waits until every partition of the new topics is led by a broker that has its log: the
     * controller reports a topic created before then, and a producer writing in between gets
     * errors (on a fresh local broker, once, an idempotent producer's first records failed at
     * their delivery timeout after an OutOfOrderSequenceException). A partition answers
     * ListOffsets once its leader has the log; until the broker knows the topic, even describing
     * it fails, with a retriable error.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> created) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + LEADERS_TIMEOUT.toNanos();
        while (true) {
            try {
                // As described rather than as asked for: another service may have created one first.
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(created.stream().map(NewTopic::name).toList()).allTopicNames().get().values()
                        .forEach(topic -> topic.partitions().forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()),
                                OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The partition count shared by topics that one Kafka Streams task reads together, keyed
     * alike: a key's state is found only where every one of them puts that key. Waits for the
     * topics to exist, as another service may still be creating them.
     *
     * @throws IllegalStateException when they differ, or do not appear within a minute
     */
    public static int sharedPartitionCount(KafkaSettings settings, Collection<String> topicNames) {
        long deadline = System.nanoTime() + LEADERS_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(settings.admin())) {
            while (true) {
                try {
                    Map<String, Integer> counts = new java.util.TreeMap<>();
                    admin.describeTopics(topicNames).allTopicNames().get()
                            .forEach((name, topic) -> counts.put(name, topic.partitions().size()));
                    if (new java.util.HashSet<>(counts.values()).size() != 1) {
                        throw new IllegalStateException("topics read together must have as many partitions each, but have " + counts);
                    }
                    return counts.values().iterator().next();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException("cannot describe " + topicNames + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    Thread.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topicNames, e);
        }
    }
}
