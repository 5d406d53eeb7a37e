package dev.switchyard.core.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads a whole topic from its beginning and then follows it, on a thread of its own, handing
 * each poll's records to a callback. No consumer group: every instance that follows a topic this
 * way needs all of it (compacted views, the catalog).
 */
public final class TopicFollower implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Consumer<ConsumerRecords<byte[], byte[]>> onRecords;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param name the thread's and the client's name */
    public TopicFollower(KafkaSettings kafka, String topic, String name, Consumer<ConsumerRecords<byte[], byte[]>> onRecords) {
        Properties props = kafka.consumer("unused", name);
        props.remove("group.id");
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.onRecords = onRecords;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::follow);
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                onRecords.accept(consumer.poll(Duration.ofMillis(500)));
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
