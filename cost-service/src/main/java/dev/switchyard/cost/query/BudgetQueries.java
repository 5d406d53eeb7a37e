package dev.switchyard.cost.query;

import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.cost.auth.Caller;
import dev.switchyard.cost.budget.BudgetLedger;
import dev.switchyard.cost.budget.Ledgers;
import dev.switchyard.cost.query.internal.Instances;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.internal.OwnerLedger;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Budget status, as of now: a period that ended since the last spend shows the new period's
 * (empty) spend, as {@code llm.budgets} will once the ledger's daily check runs.
 */
@RestController
@RequestMapping("/api")
public class BudgetQueries {

    private final Instances instances;
    private final Clock clock;

    public BudgetQueries(Instances instances, Clock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    /** One owner's budget ({@code owner=user:acme/ada}), a tenant's budgets, or (for an all-tenants token) every budget. */
    @GetMapping("/budgets")
    public ResponseEntity<?> budgets(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                     @RequestParam(required = false) String owner,
                                     @RequestParam(required = false) String tenant,
                                     HttpServletRequest request) {
        if (owner != null) {
            caller.checkCanRead(tenantOfOwner(owner));
            return instances.answer(BudgetLedger.STORE, owner, BudgetLedger.partitioner(), request, () -> {
                OwnerLedger ledger = ledgers().get(owner);
                if (ledger == null || ledger.getPolicy() == null) {
                    throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no budget policy for " + owner);
                }
                return ResponseEntity.ok(row(ledger));
            });
        }
        String scoped = caller.tenantOrOwn(tenant);
        if (scoped != null) {
            return instances.answer(BudgetLedger.STORE, BudgetOwners.tenant(scoped), BudgetLedger.partitioner(), request,
                    () -> ResponseEntity.ok(local(ledger -> BudgetOwners.tenantOf(ledger.getOwner()).equals(scoped))));
        }
        List<BudgetRow> rows = new ArrayList<>(local(ledger -> true));
        rows.addAll(instances.fromOthers(BudgetLedger.STORE, request, BudgetRow.class));
        rows.sort(Comparator.comparing(BudgetRow::owner));
        return ResponseEntity.ok(rows);
    }

    private List<BudgetRow> local(Predicate<OwnerLedger> wanted) {
        List<BudgetRow> rows = new ArrayList<>();
        try (KeyValueIterator<String, OwnerLedger> all = ledgers().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.getPolicy() != null && wanted.test(entry.value)) {
                    rows.add(row(entry.value));
                }
            });
        }
        rows.sort(Comparator.comparing(BudgetRow::owner));
        return rows;
    }

    private BudgetRow row(OwnerLedger ledger) {
        Instant now = clock.instant();
        return BudgetRow.of(Ledgers.status(Ledgers.rollTo(ledger, now), routerLedgers().get(ledger.getOwner()), now));
    }

    private ReadOnlyKeyValueStore<String, OwnerLedger> ledgers() {
        return instances.local(BudgetLedger.STORE);
    }

    /** The router's ledgers, kept by the same task as the owner's ledger, so on this instance too. */
    private ReadOnlyKeyValueStore<String, BudgetStatus> routerLedgers() {
        return instances.local(BudgetLedger.RESERVATIONS_STORE);
    }

    private static String tenantOfOwner(String owner) {
        try {
            return BudgetOwners.tenantOf(owner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'owner': " + e.getMessage());
        }
    }
}
