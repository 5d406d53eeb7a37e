package dev.switchyard.cost.query;

import dev.switchyard.cost.CostTopology;
import dev.switchyard.cost.aggregate.CostDeltas;
import dev.switchyard.cost.auth.Caller;
import dev.switchyard.cost.query.internal.Instances;
import dev.switchyard.schema.CostAggregate;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Costs over time and top spenders, as JSON or CSV. A tenant's query goes to the instance holding the tenant. */
@RestController
@RequestMapping("/api")
public class CostQueries {

    private final Instances instances;

    public CostQueries(Instances instances) {
        this.instances = instances;
    }

    @GetMapping("/costs")
    public ResponseEntity<?> costs(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                   @RequestParam(required = false) String tenant,
                                   @RequestParam(required = false) String by,
                                   @RequestParam(required = false) String window,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String user,
                                   @RequestParam(required = false) String provider,
                                   @RequestParam(required = false) String model,
                                   @RequestParam(required = false) String format,
                                   HttpServletRequest request) {
        CostQuery query = CostQuery.parse(by, window, from, to, user, provider, model);
        return answer(caller.tenantOrOwn(tenant), request, format, query::rows, CostQuery::sorted);
    }

    @GetMapping("/top-spenders")
    public ResponseEntity<?> topSpenders(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                         @RequestParam(required = false) String tenant,
                                         @RequestParam(required = false) String by,
                                         @RequestParam(required = false) String window,
                                         @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to,
                                         @RequestParam(defaultValue = "10") int limit,
                                         @RequestParam(required = false) String format,
                                         HttpServletRequest request) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'limit' must be between 1 and 1000");
        }
        String scoped = caller.tenantOrOwn(tenant);
        String grouping = by != null ? by : scoped == null ? "tenant" : "user";
        CostQuery query = CostQuery.parse(grouping, window, from, to, null, null, null);
        // Groups never span instances (each holds whole tenants), so the top of the local tops is the top.
        return answer(scoped, request, format, aggregates -> query.top(query.rows(aggregates), limit),
                rows -> query.top(rows, limit));
    }

    private ResponseEntity<?> answer(String tenant, HttpServletRequest request, String format,
                                     Function<Iterable<CostAggregate>, List<CostRow>> rowsOf,
                                     Function<List<CostRow>, List<CostRow>> merge) {
        if (tenant != null) {
            return instances.answer(CostTopology.COSTS_STORE, CostDeltas.tenantPrefix(tenant), CostTopology.costPartitioner(),
                    request, () -> respond(rowsOf.apply(ofTenant(tenant)), format));
        }
        List<CostRow> rows = new ArrayList<>(rowsOf.apply(all()));
        rows.addAll(instances.fromOthers(CostTopology.COSTS_STORE, request, CostRow.class));
        return respond(merge.apply(rows), format);
    }

    private List<CostAggregate> ofTenant(String tenant) {
        ReadOnlyKeyValueStore<String, CostAggregate> costs = instances.local(CostTopology.COSTS_STORE);
        List<CostAggregate> aggregates = new ArrayList<>();
        try (KeyValueIterator<String, CostAggregate> scan = costs.prefixScan(CostDeltas.tenantPrefix(tenant), new StringSerializer())) {
            scan.forEachRemaining(entry -> {
                if (entry.value.getTenantId().equals(tenant)) {
                    aggregates.add(entry.value);
                }
            });
        }
        return aggregates;
    }

    private List<CostAggregate> all() {
        ReadOnlyKeyValueStore<String, CostAggregate> costs = instances.local(CostTopology.COSTS_STORE);
        List<CostAggregate> aggregates = new ArrayList<>();
        try (KeyValueIterator<String, CostAggregate> scan = costs.all()) {
            scan.forEachRemaining((KeyValue<String, CostAggregate> entry) -> aggregates.add(entry.value));
        }
        return aggregates;
    }

    private static ResponseEntity<?> respond(List<CostRow> rows, String format) {
        if (format == null || format.equalsIgnoreCase("json")) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
        }
        if (!format.equalsIgnoreCase("csv")) {
            throw new IllegalArgumentException("'format' must be json or csv: " + format);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"switchyard-costs.csv\"")
                .body(Csv.of(CostRow.CSV_HEADER, rows.stream().map(CostRow::csvFields).toList()));
    }
}
