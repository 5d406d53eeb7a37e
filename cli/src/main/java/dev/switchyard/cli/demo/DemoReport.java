package dev.switchyard.cli.demo;

import dev.switchyard.cli.client.LatencyStats;
import dev.switchyard.cli.client.ResultCollector;
import dev.switchyard.schema.LlmResult;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The demo's closing table: requests by model, with tokens, exact cost and end-to-end latency. */
final class DemoReport {

    private static final String NOT_DISPATCHED = "(not dispatched)";

    private DemoReport() {
    }

    private static final class Row {
        String provider = "";
        long requests;
        long succeeded;
        long failed;
        long refused;
        long inputTokens;
        long outputTokens;
        long costNanoUsd;
        final LatencyStats latency = new LatencyStats();

        void add(ResultCollector.Received received) {
            LlmResult result = received.result();
            requests++;
            switch (result.getStatus()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case REJECTED, EXPIRED -> refused++;
            }
            inputTokens += result.getInputTokens();
            outputTokens += result.getOutputTokens();
            costNanoUsd += result.getCostNanoUsd();
            latency.recordMillis(received.receivedAtMs() - result.getCreatedAtMs().toEpochMilli());
        }
    }

    static void print(Collection<ResultCollector.Received> results, int submitted, double seconds, PrintStream out) {
        Map<String, Row> byModel = new TreeMap<>();
        Row total = new Row();
        for (ResultCollector.Received received : results) {
            LlmResult result = received.result();
            String model = modelOf(result);
            Row row = byModel.computeIfAbsent(model, m -> new Row());
            row.provider = providerOf(result);
            row.add(received);
            total.add(received);
        }
        String format = "%-20s %-10s %8s %6s %6s %8s %10s %10s %14s %8s %8s %8s%n";
        out.println();
        out.printf(format, "MODEL", "PROVIDER", "REQUESTS", "OK", "FAILED", "REJECTED", "TOKENS IN", "TOKENS OUT",
                "COST (USD)", "P50 ms", "P95 ms", "P99 ms");
        byModel.forEach((model, row) -> printRow(out, format, model, row));
        printRow(out, format, "TOTAL", total);
        out.printf("%n%d of %d requests answered in %.1f s (%.0f requests/s). Cost is exact: integer nano-USD from catalog prices.%n",
                results.size(), submitted, seconds, results.size() / Math.max(seconds, 0.001));
    }

    private static void printRow(PrintStream out, String format, String model, Row row) {
        out.printf(format, model, row.provider, row.requests, row.succeeded, row.failed, row.refused, row.inputTokens,
                row.outputTokens, String.format("%.9f", row.costNanoUsd / 1e9), ms(row, 50), ms(row, 95), ms(row, 99));
    }

    private static String ms(Row row, double percentile) {
        return String.format("%.0f", row.latency.percentileMillis(percentile));
    }

    private static String modelOf(LlmResult result) {
        if (result.getModel() != null) {
            return result.getModel();
        }
        // A failed request names the model of its last attempt; a refused one never reached a model.
        return result.getAttempts().isEmpty() ? NOT_DISPATCHED : result.getAttempts().getLast().getModel();
    }

    private static String providerOf(LlmResult result) {
        if (result.getProvider() != null) {
            return result.getProvider();
        }
        return result.getAttempts().isEmpty() ? "" : result.getAttempts().getLast().getProvider();
    }

}
