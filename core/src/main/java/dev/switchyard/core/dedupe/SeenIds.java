package dev.switchyard.core.dedupe;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Remembers ids for a window, in a window store whose segments expire by themselves: the basis
 * of "seen again within 24 h". The processor using it must see all records of an id, so its
 * input is partitioned by the id or by something that determines it.
 */
public final class SeenIds {

    private final WindowStore<String, Long> store;
    private final long windowMs;

    public SeenIds(WindowStore<String, Long> store, Duration window) {
        this.store = store;
        this.windowMs = window.toMillis();
    }

    public static StoreBuilder<WindowStore<String, Long>> storeBuilder(String name, Duration window) {
        // Retention twice the window: an id stays findable for a full window on either side.
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, window.multipliedBy(2), window, false),
                Serdes.String(), Serdes.Long());
    }

    /** True the first time an id is seen within the window around {@code atMs}; records it. */
    public boolean firstTime(String id, long atMs) {
        try (WindowStoreIterator<Long> earlier = store.fetch(id, atMs - windowMs, atMs + windowMs)) {
            if (earlier.hasNext()) {
                return false;
            }
        }
        store.put(id, atMs, atMs);
        return true;
    }
}
