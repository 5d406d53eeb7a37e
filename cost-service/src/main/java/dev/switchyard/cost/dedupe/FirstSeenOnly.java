package dev.switchyard.cost.dedupe;

import java.time.Duration;
import java.util.function.Function;
import dev.switchyard.core.dedupe.SeenIds;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import java.util.Set;

/**
 * Passes the first record of each id and drops any other with the same id within the window:
 * the executor writes at least once, so a redelivered attempt re-sends its usage event, and this
 * is where it stops being counted twice. The input must be partitioned by the id.
 */
public final class FirstSeenOnly<V> implements FixedKeyProcessorSupplier<String, V, V> {

    private final String storeName;
    private final Duration window;
    private final Function<V, String> id;

    public FirstSeenOnly(String storeName, Duration window, Function<V, String> id) {
        this.storeName = storeName;
        this.window = window;
        this.id = id;
    }

    @Override
    public FixedKeyProcessor<String, V, V> get() {
        return new Processor();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(SeenIds.storeBuilder(storeName, window));
    }

    private final class Processor implements FixedKeyProcessor<String, V, V> {
        private FixedKeyProcessorContext<String, V> context;
        private SeenIds seen;

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
            WindowStore<String, Long> store = context.getStateStore(storeName);
            this.seen = new SeenIds(store, window);
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            if (seen.firstTime(id.apply(record.value()), record.timestamp())) {
                context.forward(record);
            }
        }
    }
}
