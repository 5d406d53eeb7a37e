package dev.switchyard.core.kafka;

import dev.switchyard.schema.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value per key of a small compacted topic, kept in memory and followed as it
 * changes. Every instance reads the whole topic without a consumer group, since every instance
 * needs every key. An unreadable record is skipped with a warning: a view must not stop for one.
 */
public final class CompactedTopicView<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicView.class);

    private final Map<String, V> latest = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topic<String, V> topic;
    private final Thread thread;
    private volatile boolean running = true;

    public CompactedTopicView(KafkaSettings kafka, Topic<String, V> topic) {
        Properties props = kafka.consumer("unused", topic.name() + "-view");
        props.remove("group.id");
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.thread = Thread.ofPlatform().name(topic.name() + "-view").daemon().start(this::follow);
    }

    public Optional<V> get(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(latest.get(key));
    }

    public boolean contains(String key) {
        return key != null && latest.containsKey(key);
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            String key = topic.keySerde().deserializer().deserialize(topic.name(), record.key());
            if (key == null) {
                return;
            }
            if (record.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, topic.valueSerde().deserializer().deserialize(topic.name(), record.headers(), record.value()));
            }
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable record of {} at {}:{}: {}", topic.name(), record.partition(), record.offset(), e.getMessage());
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
