package dev.switchyard.router.core;

import dev.switchyard.schema.topic.Topic;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store at the latest value per key of a compacted topic (model stats, cancelled
 * batches). What these topics say is advisory to the router, so an unreadable record is skipped
 * with a warning rather than stopping the global thread.
 */
public final class LatestValueUpdater<V> implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(LatestValueUpdater.class);

    private final String storeName;
    private final Topic<String, V> topic;
    private KeyValueStore<String, V> store;

    public LatestValueUpdater(String storeName, Topic<String, V> topic) {
        this.storeName = storeName;
        this.topic = topic;
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
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            store.put(record.key(), topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable record of {} for {}: {}", topic.name(), record.key(), e.getMessage());
        }
    }
}
