package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Calendar-aligned UTC windows: hours, days and months start on their UTC boundary. */
public final class CostWindows {

    private CostWindows() {
    }

    public static Instant start(CostWindow window, Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return switch (window) {
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    public static Instant end(CostWindow window, Instant start) {
        ZonedDateTime utc = start.atZone(ZoneOffset.UTC);
        return switch (window) {
            case HOUR -> utc.plusHours(1).toInstant();
            case DAY -> utc.plusDays(1).toInstant();
            case MONTH -> utc.plusMonths(1).toInstant();
        };
    }
}
