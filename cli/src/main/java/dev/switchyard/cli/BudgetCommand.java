package dev.switchyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.cli.client.RecordWriter;
import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.schema.BudgetPeriod;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.serde.TrustedRecords;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Budget policies on {@code llm.budget-policies}, and their status from the cost service. */
@Command(name = "budget", mixinStandardHelpOptions = true, description = "Set, remove and show budgets.",
        subcommands = {BudgetCommand.Set.class, BudgetCommand.Remove.class, BudgetCommand.Show.class})
public final class BudgetCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set an owner's budget (tenant:<tenant> or user:<tenant>/<user>); the router enforces it at once.")
    static final class Set implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Parameters(paramLabel = "OWNER")
        String owner;

        @Option(names = "--limit-usd", required = true, description = "The limit in USD, e.g. 25 or 0.50.")
        BigDecimal limitUsd;

        @Option(names = "--period", defaultValue = "MONTHLY", description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        BudgetPeriod period;

        @Option(names = "--alerts", split = ",", defaultValue = "50,80,100",
                description = "Alert thresholds in percent (default: ${DEFAULT-VALUE}).")
        List<Integer> alerts;

        @Option(names = "--allow-downgrade", description = "Route to a cheaper model rather than refuse when the first choice would not fit.")
        boolean allowDowngrade;

        @Override
        public Integer call() throws Exception {
            BudgetOwners.tenantOf(owner); // a clear error for a malformed owner
            if (limitUsd.signum() < 0 || alerts.stream().anyMatch(p -> p <= 0)) {
                System.err.println("switchyard budget set: the limit and the alert thresholds must be positive");
                return SwitchyardCli.USAGE;
            }
            TrustedRecords.ensure();
            long limitNano = limitUsd.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            BudgetPolicy policy = BudgetPolicy.newBuilder().setOwner(owner).setLimitNanoUsd(limitNano).setPeriod(period)
                    .setAlertThresholds(alerts).setAllowDowngrade(allowDowngrade).build();
            var kafka = home.kafka();
            try (RecordWriter writer = new RecordWriter(kafka, "switchyard-budget")) {
                writer.sendAndWait(kafka.topics().budgetPolicies, owner, policy);
            }
            System.out.printf("budget of %s: $%s %s, alerts at %s%%%n", owner, limitUsd.toPlainString(),
                    period.name().toLowerCase(), alerts);
            return SwitchyardCli.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an owner's budget.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Parameters(paramLabel = "OWNER")
        String owner;

        @Override
        public Integer call() throws Exception {
            BudgetOwners.tenantOf(owner);
            var kafka = home.kafka();
            try (RecordWriter writer = new RecordWriter(kafka, "switchyard-budget")) {
                writer.sendAndWait(kafka.topics().budgetPolicies, owner, null);
            }
            System.out.println("budget of " + owner + " removed");
            return SwitchyardCli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Budgets with their spend in the current period.")
    static final class Show implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Mixin
        CostApiOption costApi;

        @Parameters(paramLabel = "OWNER", arity = "0..1", description = "One owner; default: every budget the token may read.")
        String owner;

        @Option(names = "--tenant", description = "The budgets of one tenant.")
        String tenant;

        @Override
        public Integer call() throws Exception {
            Map<String, String> query = new HashMap<>();
            query.put("owner", owner);
            query.put("tenant", tenant);
            JsonNode answer = new ObjectMapper().readTree(costApi.api(home).get("/api/budgets", query));
            List<JsonNode> rows = answer.isArray() ? iterate(answer) : List.of(answer);
            if (rows.isEmpty()) {
                System.out.println("no budgets");
                return SwitchyardCli.OK;
            }
            System.out.printf("%-32s %-8s %-11s %16s %16s %7s  %s%n", "owner", "period", "since", "limit USD", "spent USD", "used", "state");
            for (JsonNode row : rows) {
                double used = row.path("limitNanoUsd").asLong() == 0 ? 100
                        : 100.0 * row.path("spentNanoUsd").asLong() / row.path("limitNanoUsd").asLong();
                System.out.printf("%-32s %-8s %-11s %16s %16s %6.1f%%  %s%n", row.path("owner").asText(),
                        row.path("period").asText().toLowerCase(),
                        java.time.Instant.ofEpochMilli(row.path("periodStartMs").asLong()).toString().substring(0, 10),
                        row.path("limitUsd").asText(), row.path("spentUsd").asText(), used, row.path("state").asText());
            }
            return SwitchyardCli.OK;
        }
    }

    static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }
}
