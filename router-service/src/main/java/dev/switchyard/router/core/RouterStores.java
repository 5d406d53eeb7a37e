package dev.switchyard.router.core;

import dev.switchyard.core.dedupe.SeenIds;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.BudgetReservation;
import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.internal.FeedbackCounts;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The router cores' state stores, each changelogged, so that a moved task resumes exactly; the
 * request core's carry the prefix {@code request-}. Global stores (model stats, cancelled
 * batches, budget policies, counted spend, observed outcomes) are shared by both cores.
 */
public final class RouterStores {

    public static final String SEEN_REQUESTS = "seen-requests";
    public static final String BUDGET_LEDGERS = "budget-ledgers";
    public static final String BUDGET_RESERVATIONS = "budget-reservations";
    public static final String DELAYED_ATTEMPTS = "delayed-attempts";
    /** The tenant core's own count, which it publishes to {@code llm.model-outcomes} as it changes. */
    public static final String MODEL_OUTCOMES = "model-outcomes";
    /** Global, from {@code llm.model-outcomes}: what the request core ranks PREFERENCE by. */
    public static final String OBSERVED_OUTCOMES = "observed-outcomes";
    /** Global: every router instance sees every executor instance's stats of every model. */
    public static final String MODEL_STATS = "model-stats";
    public static final String CANCELLED_BATCHES = "cancelled-batches";
    public static final String BUDGET_POLICIES = "budget-policies";
    /** Global, from {@code llm.budgets}: the actual spend the cost service counted per owner and period. */
    public static final String COUNTED_SPEND = "counted-spend";
    /** Global, from {@code llm.feedback-counts}: the tenants' judgements of answers, for BALANCED, PREFERENCE and leaning up. */
    public static final String JUDGED_ANSWERS = "judged-answers";

    private RouterStores() {
    }

    /** The stores of a core in this role: budget ledgers, reservations and outcome counts only in each tenant's one writer. */
    static Set<StoreBuilder<?>> of(CoreRole role, Topics topics, Duration dedupeWindow) {
        String prefix = role.storePrefix();
        Set<StoreBuilder<?>> stores = new HashSet<>(Set.of(
                SeenIds.storeBuilder(prefix + SEEN_REQUESTS, dedupeWindow),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(prefix + DELAYED_ATTEMPTS), Serdes.String(),
                        topics.avro(WorkItem.class))));
        if (role.tenantWriter()) {
            stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(prefix + MODEL_OUTCOMES), Serdes.String(),
                    topics.modelOutcomes.valueSerde()));
            stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(prefix + BUDGET_LEDGERS), Serdes.String(),
                    topics.avro(BudgetStatus.class)));
            stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(prefix + BUDGET_RESERVATIONS), Serdes.String(),
                    topics.avro(BudgetReservation.class)));
        }
        return stores;
    }

    /** Global, restored from {@code llm.budget-policies}: which owners have a budget, and its terms. */
    public static StoreBuilder<KeyValueStore<String, BudgetPolicy>> budgetPolicies(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BUDGET_POLICIES), Serdes.String(),
                topics.avro(BudgetPolicy.class)).withLoggingDisabled();
    }

    /**
     * Global, restored from {@code llm.budgets}: the cost service's count of each budgeted owner's
     * actual spend, which includes what the router never reserved (requests routed before the
     * policy existed, or while it was another period's).
     */
    public static StoreBuilder<KeyValueStore<String, BudgetStatus>> countedSpend(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(COUNTED_SPEND), Serdes.String(), topics.budgets.valueSerde())
                .withLoggingDisabled();
    }

    /**
     * Global, restored from {@code llm.model-stats} (so it keeps no changelog of its own). Per
     * model it holds each executor instance's latest record as it came, once it decodes
     * ({@link dev.switchyard.router.stats.InstanceReports}): routing reads a model's stats twice
     * per request and eligible model, and {@link dev.switchyard.router.strategy.StoreSignals}
     * decodes them only when they change, rather than on every read.
     */
    public static StoreBuilder<KeyValueStore<String, byte[]>> modelStats() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STATS), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    /**
     * Global, restored from {@code llm.model-outcomes}: every tenant's and user's outcomes per
     * model, a commit behind the tenant core's own count. On disk, as it grows with the users.
     */
    public static StoreBuilder<KeyValueStore<String, ModelOutcomes>> observedOutcomes(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OBSERVED_OUTCOMES), Serdes.String(),
                topics.modelOutcomes.valueSerde()).withLoggingDisabled();
    }

    /**
     * Global, restored from {@code llm.feedback-counts}. In memory: BALANCED reads it once per
     * eligible model of every request, and it holds a count per tenant, task type, complexity and
     * judged model (no user), thousands of entries per tenant at most.
     */
    public static StoreBuilder<KeyValueStore<String, FeedbackCounts>> judgedAnswers(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JUDGED_ANSWERS), Serdes.String(),
                topics.feedbackCounts.valueSerde()).withLoggingDisabled();
    }

    /** Global, restored from its compacted topic: every router instance knows every cancelled batch. */
    public static StoreBuilder<KeyValueStore<String, BatchCancellation>> cancelledBatches(Topics topics) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CANCELLED_BATCHES), Serdes.String(),
                topics.avro(BatchCancellation.class)).withLoggingDisabled();
    }
}
