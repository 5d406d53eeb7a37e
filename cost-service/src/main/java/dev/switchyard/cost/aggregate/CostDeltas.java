package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Fans one billed attempt or one terminal result out into the aggregates it adds to: the
 * tenant total, the tenant's user, and the tenant's model, each in an hourly, daily and monthly
 * UTC window. A delta is a {@link CostAggregate} holding only this event's amounts, so summing
 * deltas of one key gives that key's aggregate. Usage events bring tokens and cost; results
 * bring the request count.
 */
public final class CostDeltas {

    private static final String ANY = "*";

    private CostDeltas() {
    }

    public static List<KeyValue<String, CostAggregate>> ofUsage(UsageEvent usage) {
        return fanOut(usage.getTenantId(), usage.getUserId(), usage.getProvider(), usage.getModel(), usage.getAtMs(),
                0, usage.getInputTokens(), usage.getCachedInputTokens(), usage.getOutputTokens(), usage.getCostNanoUsd());
    }

    public static List<KeyValue<String, CostAggregate>> ofResult(LlmResult result) {
        return fanOut(result.getTenantId(), result.getUserId(), result.getProvider(), result.getModel(),
                result.getCompletedAtMs(), 1, 0, 0, 0, 0);
    }

    /** The aggregate key: {@code tenant|user|provider|model|WINDOW|windowStartMs}, {@code *} for "all". */
    public static String key(CostAggregate aggregate) {
        return String.join("|", aggregate.getTenantId(), orAny(aggregate.getUserId()), orAny(aggregate.getProvider()),
                orAny(aggregate.getModel()), aggregate.getWindow().name(), Long.toString(aggregate.getWindowStartMs().toEpochMilli()));
    }

    /** Adds a delta to a running total of the same key. */
    public static CostAggregate add(CostAggregate total, CostAggregate delta) {
        return CostAggregate.newBuilder(total)
                .setRequests(total.getRequests() + delta.getRequests())
                .setInputTokens(total.getInputTokens() + delta.getInputTokens())
                .setCachedInputTokens(total.getCachedInputTokens() + delta.getCachedInputTokens())
                .setOutputTokens(total.getOutputTokens() + delta.getOutputTokens())
                .setCostNanoUsd(Math.addExact(total.getCostNanoUsd(), delta.getCostNanoUsd()))
                .build();
    }

    private static List<KeyValue<String, CostAggregate>> fanOut(String tenant, String user, String provider, String model,
                                                                Instant at, long requests, long input, long cached,
                                                                long output, long cost) {
        List<KeyValue<String, CostAggregate>> deltas = new ArrayList<>(9);
        for (CostWindow window : CostWindow.values()) {
            Instant start = CostWindows.start(window, at);
            CostAggregate.Builder base = CostAggregate.newBuilder()
                    .setTenantId(tenant)
                    .setWindow(window)
                    .setWindowStartMs(start)
                    .setWindowEndMs(CostWindows.end(window, start))
                    .setRequests(requests)
                    .setInputTokens(input)
                    .setCachedInputTokens(cached)
                    .setOutputTokens(output)
                    .setCostNanoUsd(cost);
            add(deltas, base.build());
            if (user != null) {
                add(deltas, CostAggregate.newBuilder(base).setUserId(user).build());
            }
            if (model != null) {
                add(deltas, CostAggregate.newBuilder(base).setProvider(provider).setModel(model).build());
            }
        }
        return deltas;
    }

    private static void add(List<KeyValue<String, CostAggregate>> deltas, CostAggregate delta) {
        deltas.add(KeyValue.pair(key(delta), delta));
    }

    private static String orAny(String value) {
        return value == null ? ANY : value;
    }
}
