package dev.switchyard.core.catalog;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.kafka.TopicFollower;
import dev.switchyard.schema.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Offers every catalog published to the compacted catalog topic to a {@link CatalogSource}: the
 * latest one on start-up, then each new one. Every instance reads the whole topic, without a
 * consumer group, since every instance needs every version.
 */
public final class CatalogTopicListener implements AutoCloseable {

    private final Topic<String, String> topic;
    private final CatalogSource source;
    private final TopicFollower follower;

    public CatalogTopicListener(KafkaSettings kafka, Topic<String, String> topic, CatalogSource source) {
        this.topic = topic;
        this.source = source;
        this.follower = new TopicFollower(kafka, topic.name(), "catalog-topic-listener", this::offerLatest);
    }

    /** Only the newest catalog of a poll matters: the earlier ones were superseded at once. */
    private void offerLatest(ConsumerRecords<byte[], byte[]> records) {
        ConsumerRecord<byte[], byte[]> latest = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            latest = record.value() == null ? latest : record;
        }
        if (latest != null) {
            source.offer(latest.value(), topic.name() + "@" + latest.partition() + ":" + latest.offset());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
