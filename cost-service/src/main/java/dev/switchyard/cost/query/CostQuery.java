package dev.switchyard.cost.query;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A cost query: which grouping (tenant totals, users, models or providers), which window kind,
 * which time range, and optional filters. It turns the aggregates it is given into rows; where
 * they come from (one tenant's partition, or every instance) is the controller's business.
 *
 * @param from inclusive; windows starting at or after it
 * @param to   exclusive; windows starting before it
 */
public record CostQuery(Grouping by, CostWindow window, Instant from, Instant to, String user, String provider, String model) {

    public enum Grouping { TENANT, USER, MODEL, PROVIDER }

    public static CostQuery parse(String by, String window, String from, String to, String user, String provider, String model) {
        Grouping grouping = by == null ? Grouping.TENANT : parseEnum(Grouping.class, "by", by);
        CostWindow kind = window == null ? CostWindow.DAY : parseEnum(CostWindow.class, "window", window);
        Instant start = from == null ? Instant.EPOCH : instant("from", from);
        Instant end = to == null ? Instant.parse("9999-12-31T00:00:00Z") : instant("to", to);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        return new CostQuery(grouping, kind, start, end, user, provider, model);
    }

    public boolean matches(CostAggregate aggregate) {
        long start = aggregate.getWindowStartMs().toEpochMilli();
        if (aggregate.getWindow() != window || start < from.toEpochMilli() || start >= to.toEpochMilli()) {
            return false;
        }
        return switch (by) {
            case TENANT -> aggregate.getUserId() == null && aggregate.getModel() == null;
            case USER -> aggregate.getUserId() != null && (user == null || user.equals(aggregate.getUserId()));
            case MODEL, PROVIDER -> aggregate.getModel() != null
                    && (model == null || model.equals(aggregate.getModel()))
                    && (provider == null || provider.equals(aggregate.getProvider()));
        };
    }

    /** The rows of matching aggregates, in time order; per provider, models' sums are added up exactly. */
    public List<CostRow> rows(Iterable<CostAggregate> aggregates) {
        Map<List<Object>, CostRow> rows = new LinkedHashMap<>();
        for (CostAggregate aggregate : aggregates) {
            if (matches(aggregate)) {
                CostRow row = CostRow.of(aggregate);
                if (by == Grouping.PROVIDER) {
                    row = row.withGroup(row.tenantId(), null, row.provider(), null);
                }
                rows.merge(List.of(row.tenantId(), Objects.toString(row.userId()), Objects.toString(row.provider()),
                        Objects.toString(row.model()), row.windowStartMs()), row, CostRow::plus);
            }
        }
        return sorted(rows.values());
    }

    /**
     * The top spenders over the range: rows summed over time per group, most expensive first.
     * The window kind only decides which aggregates are read (hours for a few hours, days for a
     * month); the result covers the whole range.
     */
    public List<CostRow> top(Collection<CostRow> rows, int limit) {
        Map<List<String>, CostRow> sums = new LinkedHashMap<>();
        for (CostRow row : rows) {
            CostRow total = row.withGroup(row.tenantId(), row.userId(), row.provider(), row.model());
            sums.merge(Arrays.asList(row.tenantId(), row.userId(), row.provider(), row.model()), total, CostRow::plus);
        }
        return sums.values().stream()
                .map(row -> new CostRow(row.tenantId(), row.userId(), row.provider(), row.model(), window.name(),
                        from.toEpochMilli(), to.toEpochMilli(), row.requests(), row.inputTokens(), row.cachedInputTokens(),
                        row.outputTokens(), row.costNanoUsd(), row.costUsd(), row.cacheWriteInputTokens()))
                .sorted(Comparator.comparingLong(CostRow::costNanoUsd).reversed().thenComparing(CostRow::tenantId))
                .limit(limit)
                .toList();
    }

    static List<CostRow> sorted(Collection<CostRow> rows) {
        return rows.stream()
                .sorted(Comparator.comparingLong(CostRow::windowStartMs)
                        .thenComparing(CostRow::tenantId)
                        .thenComparing(row -> Objects.toString(row.userId(), ""))
                        .thenComparing(row -> Objects.toString(row.provider(), ""))
                        .thenComparing(row -> Objects.toString(row.model(), "")))
                .toList();
    }

    /** An instant as ISO-8601 ({@code 2026-11-21T10:00:00Z}), a UTC date ({@code 2026-11-21}) or epoch milliseconds. */
    static Instant instant(String name, String value) {
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant, a date or epoch milliseconds: " + value);
        }
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' must be one of " + Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT) + ": " + value);
        }
    }
}
