package dev.switchyard.cost.query;

import dev.switchyard.cost.auth.Caller;
import dev.switchyard.cost.batch.BatchTracker;
import dev.switchyard.cost.query.internal.Instances;
import dev.switchyard.schema.BatchState;
import dev.switchyard.schema.BatchStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Batch status by batchId, and the batches of a tenant (newest first). */
@RestController
@RequestMapping("/api")
public class BatchQueries {

    private final Instances instances;

    public BatchQueries(Instances instances) {
        this.instances = instances;
    }

    @GetMapping("/batches/{batchId}")
    public ResponseEntity<?> batch(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String batchId,
                                   HttpServletRequest request) {
        return instances.answer(BatchTracker.STORE, batchId, null, request, () -> {
            BatchStatus status = batches().get(batchId);
            // Another tenant's batch is "not found", so that ids cannot be probed.
            if (status == null || !caller.canRead(status.getTenantId())) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no batch '" + batchId + "' (none has a result yet)");
            }
            return ResponseEntity.ok(BatchRow.of(status));
        });
    }

    @GetMapping("/batches")
    public List<BatchRow> batches(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                  @RequestParam(required = false) String tenant,
                                  @RequestParam(required = false) String state,
                                  @RequestParam(defaultValue = "100") int limit,
                                  HttpServletRequest request) {
        String scoped = caller.tenantOrOwn(tenant);
        BatchState wanted = state == null ? null : CostQuery.parseEnum(BatchState.class, "state", state);
        List<BatchRow> rows = new ArrayList<>();
        try (KeyValueIterator<String, BatchStatus> all = batches().all()) {
            all.forEachRemaining(entry -> {
                BatchStatus status = entry.value;
                if ((scoped == null || scoped.equals(status.getTenantId())) && (wanted == null || wanted == status.getState())) {
                    rows.add(BatchRow.of(status));
                }
            });
        }
        rows.addAll(instances.fromOthers(BatchTracker.STORE, request, BatchRow.class));
        return rows.stream().sorted(Comparator.comparingLong(BatchRow::firstCreatedAtMs).reversed()).limit(limit).toList();
    }

    private ReadOnlyKeyValueStore<String, BatchStatus> batches() {
        return instances.local(BatchTracker.STORE);
    }
}
