package dev.switchyard.core.catalog;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Offers every catalog published to the compacted catalog topic to a {@link CatalogSource}: the
 * latest one on start-up, then each new one. Every instance reads the whole topic, without a
 * consumer group, since every instance needs every version.
 */
public final class CatalogTopicListener implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topic<String, String> topic;
    private final CatalogSource source;
    private final Thread thread;
    private volatile boolean running = true;

    public CatalogTopicListener(KafkaSettings kafka, Topic<String, String> topic, CatalogSource source) {
        Properties props = kafka.consumer("unused", "catalog-listener");
        props.remove("group.id");
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.source = source;
        this.thread = Thread.ofPlatform().name("catalog-topic-listener").daemon().start(this::listen);
    }

    private void listen() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                ConsumerRecord<byte[], byte[]> latest = null;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    latest = record.value() == null ? latest : record;
                }
                if (latest != null) {
                    source.offer(latest.value(), topic.name() + "@" + latest.partition() + ":" + latest.offset());
                }
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
