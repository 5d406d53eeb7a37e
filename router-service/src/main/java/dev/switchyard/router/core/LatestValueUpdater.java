package dev.switchyard.router.core;

import dev.switchyard.core.deadletter.RecordDecoder;
import dev.switchyard.schema.topic.Topic;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store at the latest value per key of a compacted topic (cancelled batches,
 * budget policies, counted spend, observed outcomes). A global store cannot send a record to the
 * dead-letter topic, so an unreadable one is skipped with a warning rather than stopping the
 * global thread; the cost service, which reads these topics as streams, dead-letters it.
 */
public final class LatestValueUpdater<V> implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(LatestValueUpdater.class);

    private final String storeName;
    private final String topic;
    private final RecordDecoder.WithKey<V> decoder;
    private KeyValueStore<String, V> store;

    /** @param decoder the value of a record, or null to delete the key (a tombstone is offered as null bytes) */
    public LatestValueUpdater(String storeName, String topic, RecordDecoder.WithKey<V> decoder) {
        this.storeName = storeName;
        this.topic = topic;
        this.decoder = decoder;
    }

    /** For topics whose tombstones delete and whose values need no check beyond decoding. */
    public static <V> LatestValueUpdater<V> of(String storeName, Topic<String, V> topic) {
        return new LatestValueUpdater<>(storeName, topic.name(), (name, key, headers, bytes) ->
                bytes == null ? null : topic.valueSerde().deserializer().deserialize(name, headers, bytes));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        try {
            V value = decoder.decode(topic, record.key(), record.headers(), record.value());
            if (value == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), value);
            }
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable record of {} for {}: {}", topic, record.key(), e.getMessage());
        }
    }
}
