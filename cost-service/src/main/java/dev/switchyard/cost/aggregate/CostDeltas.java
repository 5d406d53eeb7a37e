package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * Fans one billed attempt or one terminal result out into the aggregates it adds to: the
 * tenant total, the tenant's user, and the tenant's model, each in an hourly, daily and monthly
 * UTC window. A delta is a {@link CostAggregate} holding only this event's amounts, so summing
 * deltas of one key gives that key's aggregate.
 */
public final class CostDeltas {

    static final String ANY = "*";
    static final char SEPARATOR = '|';

    private CostDeltas() {
    }

    /** The aggregate key: {@code tenant|user|provider|model|WINDOW|windowStartMs}, {@code *} for "all". */
    public static String key(CostAggregate aggregate) {
        return aggregate.getTenantId() + SEPARATOR + orAny(aggregate.getUserId()) + SEPARATOR + orAny(aggregate.getProvider())
                + SEPARATOR + orAny(aggregate.getModel()) + SEPARATOR + aggregate.getWindow().name() + SEPARATOR
                + aggregate.getWindowStartMs().toEpochMilli();
    }

    /** Every key of one tenant starts with this, so a prefix scan lists the tenant's aggregates. */
    public static String tenantPrefix(String tenantId) {
        return tenantId + SEPARATOR;
    }

    /** The tenant of an aggregate key. */
    public static String tenantOf(String key) {
        int end = key.indexOf(SEPARATOR);
        return end < 0 ? key : key.substring(0, end);
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

    /**
     * The deltas of one event.
     *
     * @param windowStart where the event is counted in each window kind; normally the window its
     *                    time falls in, but a late event's closed window is replaced by the open one
     */
    public static List<KeyValue<String, CostAggregate>> of(CostEvent event, Function<CostWindow, Instant> windowStart) {
        List<KeyValue<String, CostAggregate>> deltas = new ArrayList<>(9);
        for (CostWindow window : CostWindow.values()) {
            Instant start = windowStart.apply(window);
            CostAggregate.Builder base = CostAggregate.newBuilder()
                    .setTenantId(event.tenantId())
                    .setWindow(window)
                    .setWindowStartMs(start)
                    .setWindowEndMs(CostWindows.end(window, start))
                    .setRequests(event.requests())
                    .setInputTokens(event.inputTokens())
                    .setCachedInputTokens(event.cachedInputTokens())
                    .setOutputTokens(event.outputTokens())
                    .setCostNanoUsd(event.costNanoUsd());
            add(deltas, base.build());
            if (event.userId() != null) {
                add(deltas, CostAggregate.newBuilder(base).setUserId(event.userId()).build());
            }
            if (event.model() != null) {
                add(deltas, CostAggregate.newBuilder(base).setProvider(event.provider()).setModel(event.model()).build());
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
