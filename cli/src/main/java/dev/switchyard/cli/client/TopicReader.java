package dev.switchyard.cli.client;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic, every partition, without a consumer group: from the beginning, or only
 * what arrives after it was opened. Reads committed data only, as a pipeline would.
 */
public final class TopicReader<K, V> implements AutoCloseable {

    /** One record's key and value, with the record itself for headers and timestamps. */
    public record Entry<K, V>(K key, V value, ConsumerRecord<byte[], byte[]> record) {
    }

    private final Topic<K, V> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> endsAtOpen;

    public TopicReader(KafkaSettings kafka, Topic<K, V> topic, boolean fromBeginning) {
        this.topic = topic;
        Properties props = kafka.promptConsumer("switchyard-reader-" + UUID.randomUUID(), "switchyard-reader");
        props.remove("group.id");
        this.consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Resolve the positions now, so that nothing produced after this constructor is missed.
        partitions.forEach(consumer::position);
        this.endsAtOpen = consumer.endOffsets(partitions);
    }

    /** Whether everything that was in the topic when this reader was opened has been read. */
    public boolean caughtUp() {
        return endsAtOpen.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    public List<Entry<K, V>> poll(Duration timeout) {
        return poll(timeout, record -> true);
    }

    /** The records that pass {@code wanted}, decoded; the others are skipped without decoding (e.g. by a header). */
    public List<Entry<K, V>> poll(Duration timeout, Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
        List<Entry<K, V>> entries = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            if (!wanted.test(record)) {
                continue;
            }
            K key = topic.keySerde().deserializer().deserialize(record.topic(), record.headers(), record.key());
            V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
            entries.add(new Entry<>(key, value, record));
        }
        return entries;
    }

    /** Everything up to the current end of the topic. */
    public List<Entry<K, V>> readToEnd(Duration quiet) {
        List<Entry<K, V>> all = new ArrayList<>();
        List<Entry<K, V>> batch;
        do {
            batch = poll(quiet);
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
