package dev.switchyard.cost.budget;

import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.core.budget.BudgetPeriods;
import dev.switchyard.cost.CostOptions;
import dev.switchyard.cost.aggregate.DeltaBuffer;
import dev.switchyard.cost.aggregate.TenantPartitioner;
import dev.switchyard.schema.BudgetPeriod;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.OwnerLedger;
import dev.switchyard.schema.internal.OwnerLedgerChange;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Budget status and alerts: spend of billed attempts, policy changes and the router's ledgers
 * (for what it holds reserved), keyed by owner and partitioned by tenant (so one instance holds
 * and answers all of a tenant's budgets), go through one ledger writer per owner to
 * {@code llm.budgets} and {@code llm.alerts}.
 */
public final class BudgetLedger {

    public static final String STORE = "budget-ledgers";
    /** The router's latest ledger per owner: the reserved amount of {@code llm.budgets}. */
    public static final String RESERVATIONS_STORE = "router-ledgers";

    private BudgetLedger() {
    }

    public static void attach(KStream<String, UsageEvent> usage, KStream<String, Optional<BudgetPolicy>> policies,
                              KStream<String, BudgetStatus> routerLedgers, Topics topics, CostOptions options) {
        KStream<String, OwnerLedgerChange> spend = usage
                .flatMap((usageId, event) -> spendOf(event), Named.as("spend-per-owner-and-day"))
                .process(DeltaBuffer.supplier("spend-buffer", options.flushInterval(), BudgetLedger::addSpend,
                        topics.avro(OwnerLedgerChange.class)), Named.as("sum-spend-locally"))
                .selectKey((ownerAndDay, change) -> change.getOwner(), Named.as("key-by-owner"));
        KStream<String, OwnerLedgerChange> policyChanges = policies.processValues(PolicyChanges::new, Named.as("policy-change"));
        // The router writes its ledger on every reservation and settlement; only the latest counts.
        KStream<String, OwnerLedgerChange> reservations = routerLedgers
                .mapValues(ledger -> OwnerLedgerChange.newBuilder().setOwner(ledger.getOwner()).setAtMs(ledger.getUpdatedAtMs())
                        .setReservation(ledger).build(), Named.as("router-ledger-change"))
                .process(DeltaBuffer.supplier("router-ledger-buffer", options.flushInterval(), BudgetLedger::later,
                        topics.avro(OwnerLedgerChange.class)), Named.as("latest-router-ledger"));
        spend.merge(policyChanges, Named.as("ledger-changes"))
                .merge(reservations, Named.as("with-reservations"))
                .repartition(Repartitioned.<String, OwnerLedgerChange>as("by-budget-tenant")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.avro(OwnerLedgerChange.class))
                        .withStreamPartitioner(partitioner()))
                .process(processor(topics, options.periodCheck()), Named.as("budget-ledger"))
                .split(Named.as("budget-"))
                .branch((owner, out) -> out instanceof BudgetOutput.Alert, Branched.withConsumer(alerts -> alerts
                        .mapValues(out -> ((BudgetOutput.Alert) out).alert(), Named.as("alert"))
                        .to(topics.alerts.name(), Produced.with(topics.alerts.keySerde(), topics.alerts.valueSerde())), "alerts"))
                .defaultBranch(Branched.withConsumer(statuses -> statuses
                        .mapValues(out -> ((BudgetOutput.Status) out).status(), Named.as("status"))
                        .to(topics.budgets.name(), Produced.with(topics.budgets.keySerde(), topics.budgets.valueSerde())), "statuses"));
    }

    /** Owner keys partitioned by their tenant, for the ledger and for queries that look one up. */
    public static <V> TenantPartitioner<V> partitioner() {
        return new TenantPartitioner<>(BudgetOwners::tenantOf);
    }

    /** Spend is summed per owner and UTC day: the ledger books a day's spend in that day, its month and the total. */
    private static List<KeyValue<String, OwnerLedgerChange>> spendOf(UsageEvent usage) {
        long day = BudgetPeriods.start(BudgetPeriod.DAILY, usage.getAtMs()).toEpochMilli();
        return BudgetOwners.of(usage.getTenantId(), usage.getUserId()).stream()
                .map(owner -> KeyValue.pair(owner + '\u0000' + day, OwnerLedgerChange.newBuilder()
                        .setOwner(owner).setAtMs(usage.getAtMs()).setCostNanoUsd(usage.getCostNanoUsd()).build()))
                .toList();
    }

    private static OwnerLedgerChange addSpend(OwnerLedgerChange sum, OwnerLedgerChange spend) {
        return OwnerLedgerChange.newBuilder(sum)
                .setCostNanoUsd(Math.addExact(sum.getCostNanoUsd(), spend.getCostNanoUsd()))
                .setAtMs(spend.getAtMs().isAfter(sum.getAtMs()) ? spend.getAtMs() : sum.getAtMs())
                .build();
    }

    private static OwnerLedgerChange later(OwnerLedgerChange held, OwnerLedgerChange next) {
        return next.getReservation().getUpdatedAtMs().isBefore(held.getReservation().getUpdatedAtMs()) ? held : next;
    }

    private static ProcessorSupplier<String, OwnerLedgerChange, String, BudgetOutput> processor(Topics topics, Duration periodCheck) {
        StoreBuilder<KeyValueStore<String, OwnerLedger>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), topics.avro(OwnerLedger.class));
        StoreBuilder<KeyValueStore<String, BudgetStatus>> routerLedgers = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RESERVATIONS_STORE), Serdes.String(), topics.budgetReservations.valueSerde());
        return new ProcessorSupplier<>() {
            @Override
            public BudgetLedgerProcessor get() {
                return new BudgetLedgerProcessor(STORE, RESERVATIONS_STORE, periodCheck);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store, routerLedgers);
            }
        };
    }

    /** A policy record as a ledger change, timed by the record, since a policy carries no time of its own. */
    private static final class PolicyChanges
            implements FixedKeyProcessor<String, Optional<BudgetPolicy>, OwnerLedgerChange> {
        private FixedKeyProcessorContext<String, OwnerLedgerChange> context;

        @Override
        public void init(FixedKeyProcessorContext<String, OwnerLedgerChange> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Optional<BudgetPolicy>> record) {
            OwnerLedgerChange change = OwnerLedgerChange.newBuilder()
                    .setOwner(record.key())
                    .setAtMs(Instant.ofEpochMilli(record.timestamp()))
                    .setPolicy(record.value().orElse(null))
                    .setPolicyRemoved(record.value().isEmpty())
                    .build();
            context.forward(record.withValue(change));
        }
    }
}
