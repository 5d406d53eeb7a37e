package dev.switchyard.cli.client;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.topic.Topic;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes typed records to any registered topic (a null value is a tombstone), with the topic's own serdes. */
public final class RecordWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    public RecordWriter(KafkaSettings kafka, String clientId) {
        this.producer = new KafkaProducer<>(kafka.producer(clientId));
    }

    public <K, V> Future<RecordMetadata> send(Topic<K, V> topic, K key, V value) {
        return send(topic, key, value, null);
    }

    /** @param timestampMs the record's timestamp, or null for now */
    public <K, V> Future<RecordMetadata> send(Topic<K, V> topic, K key, V value, Long timestampMs) {
        String name = topic.name();
        return producer.send(new ProducerRecord<>(name, null, timestampMs,
                topic.keySerde().serializer().serialize(name, key),
                value == null ? null : topic.valueSerde().serializer().serialize(name, value)));
    }

    /** Sends and waits for the broker's acknowledgement, for a write the caller must know has landed. */
    public <K, V> RecordMetadata sendAndWait(Topic<K, V> topic, K key, V value) throws ExecutionException, InterruptedException {
        return send(topic, key, value).get();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
