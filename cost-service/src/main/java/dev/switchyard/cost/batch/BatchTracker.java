package dev.switchyard.cost.batch;

import dev.switchyard.cost.retention.Retention;
import dev.switchyard.cost.retention.RetentionSweep;
import dev.switchyard.schema.BatchState;
import dev.switchyard.schema.BatchStatus;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.topic.Topics;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Batch status: terminal results of batched requests, re-keyed by batchId, folded into one
 * status per batch on the compacted {@code llm.batches}. Exactly-once processing commits each
 * status with the offsets of the results it counted, so a crash can neither count a result
 * twice nor complete a batch twice; and once COMPLETED, a batch's record is never written again,
 * so a pipeline sees COMPLETED exactly once even if more results than {@code batchSize} arrive.
 */
public final class BatchTracker {

    public static final String STORE = "batches";

    private BatchTracker() {
    }

    /**
     * @param results   terminal results, each requestId once
     * @param retention how long a batch's status is kept after its last change
     */
    public static void attach(KStream<String, LlmResult> results, Topics topics, Retention retention) {
        StoreBuilder<KeyValueStore<String, BatchStatus>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), topics.batches.valueSerde());
        results.filter((requestId, result) -> result.getBatchId() != null, Named.as("batched-results"))
                .selectKey((requestId, result) -> result.getBatchId(), Named.as("key-by-batch"))
                .repartition(Repartitioned.<String, LlmResult>as("by-batch")
                        .withKeySerde(Serdes.String()).withValueSerde(topics.results.valueSerde()))
                .processValues(new FixedKeyProcessorSupplier<String, LlmResult, BatchStatus>() {
                    @Override
                    public FixedKeyProcessor<String, LlmResult, BatchStatus> get() {
                        return new Tracker(retention);
                    }

                    @Override
                    public Set<StoreBuilder<?>> stores() {
                        return Set.of(store);
                    }
                }, Named.as("batch-status"))
                .to(topics.batches.name(), Produced.with(topics.batches.keySerde(), topics.batches.valueSerde()));
    }

    /**
     * Folds results into their batch's status. A wall-clock sweep drops statuses unchanged for
     * longer than the retention: completed batches, and batches that never got all their results.
     */
    private static final class Tracker implements FixedKeyProcessor<String, LlmResult, BatchStatus> {
        private final Retention retention;
        private FixedKeyProcessorContext<String, BatchStatus> context;
        private KeyValueStore<String, BatchStatus> batches;

        Tracker(Retention retention) {
            this.retention = retention;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, BatchStatus> context) {
            this.context = context;
            this.batches = context.getStateStore(STORE);
            RetentionSweep<BatchStatus> sweep = new RetentionSweep<>(batches,
                    status -> status.getUpdatedAtMs().plus(retention.batches()).toEpochMilli(), retention.sweepChunk());
            context.schedule(retention.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, sweep::sweep);
        }

        @Override
        public void process(FixedKeyRecord<String, LlmResult> record) {
            BatchStatus current = batches.get(record.key());
            if (current != null && current.getState() == BatchState.COMPLETED) {
                return;
            }
            BatchStatus next = Batches.add(current, record.value());
            batches.put(record.key(), next);
            context.forward(record.withValue(next));
        }
    }
}
