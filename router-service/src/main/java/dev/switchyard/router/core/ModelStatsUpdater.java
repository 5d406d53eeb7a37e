package dev.switchyard.router.core;

import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global model-stats store: latest stats per model. Stats are advisory, so an
 * unreadable record is skipped with a warning rather than stopping the global thread.
 */
public final class ModelStatsUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ModelStatsUpdater.class);

    private final Topics topics;
    private KeyValueStore<String, ModelStats> store;

    public ModelStatsUpdater(Topics topics) {
        this.topics = topics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(RouterStores.MODEL_STATS);
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
            store.put(record.key(), topics.modelStats.valueSerde().deserializer().deserialize(topics.modelStats.name(), record.value()));
        } catch (RuntimeException e) {
            log.warn("skipping unreadable model stats for {}: {}", record.key(), e.getMessage());
        }
    }
}
