package dev.switchyard.router.stats;

import dev.switchyard.core.stats.ModelStatsKey;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.topic.Topic;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global model-stats store at each model's {@link InstanceReports}, from the
 * {@code llm.model-stats} records keyed by model and instance ({@link ModelStatsKey}); a tombstone
 * (an instance shutting down) removes that instance's report. Reports that have gone stale next to
 * the model's newest one are dropped, so that instances which crashed, and so never deleted their
 * keys, do not pile up. Like every global store's updater it skips an unreadable record with a
 * warning, since a global store cannot dead-letter it.
 */
public final class InstanceReportsUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(InstanceReportsUpdater.class);

    private final String storeName;
    private final Topic<String, ModelStats> topic;
    private KeyValueStore<String, byte[]> store;

    public InstanceReportsUpdater(String storeName, Topic<String, ModelStats> topic) {
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
        InstanceReports.Report report;
        try {
            report = record.value() == null ? null : new InstanceReports.Report(ModelStatsKey.instance(record.key()),
                    topic.valueSerde().deserializer().deserialize(topic.name(), record.headers(), record.value()).getUpdatedAtMs()
                            .toEpochMilli(), record.value());
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable record of {} for {}: {}", topic.name(), record.key(), e.getMessage());
            return;
        }
        String model = ModelStatsKey.model(record.key());
        List<InstanceReports.Report> reports = InstanceReports.replace(InstanceReports.decode(store.get(model)),
                ModelStatsKey.instance(record.key()), report);
        long newest = reports.stream().mapToLong(InstanceReports.Report::updatedAtMs).max().orElse(0);
        reports.removeIf(other -> !CombinedStats.fresh(other.updatedAtMs(), newest));
        if (reports.isEmpty()) {
            store.delete(model);
        } else {
            store.put(model, InstanceReports.encode(reports));
        }
    }
}
