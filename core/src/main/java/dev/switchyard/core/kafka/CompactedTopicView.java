package dev.switchyard.core.kafka;

import dev.switchyard.schema.topic.Topic;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final Topic<String, V> topic;
    private final TopicFollower follower;

    public CompactedTopicView(KafkaSettings kafka, Topic<String, V> topic) {
        this.topic = topic;
        this.follower = new TopicFollower(kafka, topic.name(), topic.name() + "-view", records -> records.forEach(this::apply));
    }

    public Optional<V> get(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(latest.get(key));
    }

    public boolean contains(String key) {
        return key != null && latest.containsKey(key);
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
        follower.close();
    }
}
