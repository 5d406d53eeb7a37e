package dev.switchyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Exact cost aggregates from the cost service, as a table or CSV. */
@Command(name = "costs", mixinStandardHelpOptions = true,
        description = "Costs per tenant, user, model or provider in hourly, daily or monthly UTC windows.")
public final class CostsCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Mixin
    CostApiOption costApi;

    @Option(names = "--tenant", description = "One tenant; default: every tenant the token may read.")
    String tenant;

    @Option(names = "--by", defaultValue = "tenant", description = "tenant, user, model or provider (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--window", defaultValue = "day", description = "hour, day or month (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--from", description = "First window start: ISO-8601 instant, date or epoch ms.")
    String from;

    @Option(names = "--to", description = "Windows starting before this.")
    String to;

    @Option(names = "--csv", description = "CSV (every column) instead of a table.")
    boolean csv;

    @Override
    public Integer call() throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("tenant", tenant);
        query.put("by", by);
        query.put("window", window);
        query.put("from", from);
        query.put("to", to);
        if (csv) {
            query.put("format", "csv");
            System.out.print(costApi.api(home).get("/api/costs", query));
            return SwitchyardCli.OK;
        }
        JsonNode rows = new ObjectMapper().readTree(costApi.api(home).get("/api/costs", query));
        System.out.printf("%-20s %-12s %-28s %-20s %9s %12s %12s %16s%n", "window start", "tenant", "user / model", "provider",
                "requests", "in tokens", "out tokens", "cost USD");
        for (JsonNode row : rows) {
            String who = row.hasNonNull("userId") ? row.get("userId").asText() : row.hasNonNull("model") ? row.get("model").asText() : "";
            System.out.printf("%-20s %-12s %-28s %-20s %9d %12d %12d %16s%n",
                    java.time.Instant.ofEpochMilli(row.path("windowStartMs").asLong()).toString(), row.path("tenantId").asText(), who,
                    row.path("provider").isNull() ? "" : row.path("provider").asText(), row.path("requests").asLong(),
                    row.path("inputTokens").asLong(), row.path("outputTokens").asLong(), row.path("costUsd").asText());
        }
        if (rows.isEmpty()) {
            System.out.println("(no costs in this range)");
        }
        return SwitchyardCli.OK;
    }
}
