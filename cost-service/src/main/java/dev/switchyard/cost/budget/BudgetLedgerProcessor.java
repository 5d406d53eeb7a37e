package dev.switchyard.cost.budget;

import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.OwnerLedger;
import dev.switchyard.schema.internal.OwnerLedgerChange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one writer of each owner's ledger (input keyed by owner). Spend and policy changes update
 * the ledger, and the router's ledger of the owner says what it holds reserved; owners with a
 * policy then get their status on {@code llm.budgets} and each alert that is due on
 * {@code llm.alerts}. The ledger remembers the alerts it sent in the same
 * exactly-once transaction that sends them, so each threshold alerts once per period.
 *
 * <p>Periods also end when nothing is spent: once per UTC day, a wall-clock punctuation moves
 * every budgeted owner to the new day and month and publishes the reset status.
 */
final class BudgetLedgerProcessor implements Processor<String, OwnerLedgerChange, String, BudgetOutput> {

    private final String storeName;
    private final String routerLedgersStore;
    private final Duration periodCheck;
    private ProcessorContext<String, BudgetOutput> context;
    private KeyValueStore<String, OwnerLedger> ledgers;
    private KeyValueStore<String, BudgetStatus> routerLedgers;
    private LocalDate rolledOn;

    BudgetLedgerProcessor(String storeName, String routerLedgersStore, Duration periodCheck) {
        this.storeName = storeName;
        this.routerLedgersStore = routerLedgersStore;
        this.periodCheck = periodCheck;
    }

    @Override
    public void init(ProcessorContext<String, BudgetOutput> context) {
        this.context = context;
        this.ledgers = context.getStateStore(storeName);
        this.routerLedgers = context.getStateStore(routerLedgersStore);
        context.schedule(periodCheck, PunctuationType.WALL_CLOCK_TIME, this::rollPeriods);
    }

    @Override
    public void process(Record<String, OwnerLedgerChange> record) {
        OwnerLedgerChange change = record.value();
        String owner = record.key();
        Instant at = change.getAtMs();
        OwnerLedger current = ledgers.get(owner);
        OwnerLedger ledger = current == null ? Ledgers.empty(owner, at) : current;
        if (change.getReservation() != null) {
            BudgetStatus held = routerLedgers.get(owner);
            if (held != null && change.getReservation().getUpdatedAtMs().isBefore(held.getUpdatedAtMs())) {
                return; // an older view of the router's ledger than the one already shown
            }
            routerLedgers.put(owner, change.getReservation());
            publish(ledger, at, record.timestamp());
        } else if (change.getPolicyRemoved()) {
            ledgers.put(owner, OwnerLedger.newBuilder(ledger).setPolicy(null).setUpdatedAtMs(at).build());
            context.forward(record.withValue(new BudgetOutput.Status(owner, null)));
        } else if (change.getPolicy() != null) {
            publish(OwnerLedger.newBuilder(Ledgers.rollTo(ledger, at)).setPolicy(change.getPolicy()).setUpdatedAtMs(at).build(),
                    at, record.timestamp());
        } else {
            publish(OwnerLedger.newBuilder(Ledgers.spend(ledger, change.getCostNanoUsd(), at)).setUpdatedAtMs(at).build(),
                    at, record.timestamp());
        }
    }

    private void publish(OwnerLedger ledger, Instant now, long timestamp) {
        if (ledger.getPolicy() == null) {
            ledgers.put(ledger.getOwner(), ledger);
            return;
        }
        Ledgers.Alerts alerts = Ledgers.alertsDue(ledger, now);
        ledgers.put(ledger.getOwner(), alerts.ledger());
        String owner = ledger.getOwner();
        BudgetStatus status = Ledgers.status(alerts.ledger(), routerLedgers.get(owner), now);
        context.forward(new Record<>(owner, new BudgetOutput.Status(owner, status), timestamp));
        alerts.due().forEach(alert -> context.forward(new Record<>(owner, new BudgetOutput.Alert(alert), timestamp)));
    }

    private void rollPeriods(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (today.equals(rolledOn)) {
            return;
        }
        List<OwnerLedger> newPeriods = new ArrayList<>();
        try (KeyValueIterator<String, OwnerLedger> all = ledgers.all()) {
            while (all.hasNext()) {
                KeyValue<String, OwnerLedger> entry = all.next();
                OwnerLedger rolled = Ledgers.rollTo(entry.value, now);
                if (entry.value.getPolicy() != null && !rolled.equals(entry.value)) {
                    newPeriods.add(OwnerLedger.newBuilder(rolled).setUpdatedAtMs(now).build());
                }
            }
        }
        // Written after the scan: a store need not tolerate writes under an open iterator.
        newPeriods.forEach(ledger -> publish(ledger, now, wallClockMs));
        rolledOn = today;
    }
}
