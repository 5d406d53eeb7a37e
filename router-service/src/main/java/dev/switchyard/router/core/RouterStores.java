package dev.switchyard.router.core;

import dev.switchyard.core.dedupe.SeenIds;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.BudgetReservation;
import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The router core's state stores, each changelogged, so that a moved task resumes exactly. */
public final class RouterStores {

    public static final String SEEN_REQUESTS = "seen-requests";
    public static final String BUDGET_POLICIES = "budget-policies";
    public static final String BUDGET_LEDGERS = "budget-ledgers";
    public static final String BUDGET_RESERVATIONS = "budget-reservations";
    public static final String DELAYED_ATTEMPTS = "delayed-attempts";
    public static final String MODEL_OUTCOMES = "model-outcomes";
    /** Global: every instance sees every model's stats. */
    public static final String MODEL_STATS = "model-stats";
    public static final String CANCELLED_BATCHES = "cancelled-batches";

    private RouterStores() {
    }

    static Set<StoreBuilder<?>> all(Topics topics, Duration dedupeWindow) {
        return Set.of(
                SeenIds.storeBuilder(SEEN_REQUESTS, dedupeWindow),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUDGET_POLICIES), Serdes.String(), topics.avro(BudgetPolicy.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUDGET_LEDGERS), Serdes.String(), topics.avro(BudgetStatus.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUDGET_RESERVATIONS), Serdes.String(),
                        topics.avro(BudgetReservation.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DELAYED_ATTEMPTS), Serdes.String(), topics.avro(WorkItem.class)),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODEL_OUTCOMES), Serdes.String(), topics.avro(ModelOutcomes.class)));
    }

    /** A global store is restored from its topic, so it keeps no changelog of its own. */
    public static StoreBuilder<KeyValueStore<String, ModelStats>> modelStats(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STATS), Serdes.String(), topics.avro(ModelStats.class))
                .withLoggingDisabled();
    }

    /** Global, restored from its compacted topic: every router instance knows every cancelled batch. */
    public static StoreBuilder<KeyValueStore<String, BatchCancellation>> cancelledBatches(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CANCELLED_BATCHES), Serdes.String(),
                topics.avro(BatchCancellation.class)).withLoggingDisabled();
    }
}
