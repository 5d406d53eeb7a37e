package dev.switchyard.core.budget;

import dev.switchyard.schema.BudgetPeriod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Budget periods are calendar-aligned in UTC, so that each period resets exactly at its UTC boundary
 * (budget periods that never reset, or reset at the wrong time, are a known failure of LLM gateways).
 */
public final class BudgetPeriods {

    private BudgetPeriods() {
    }

    public static Instant start(BudgetPeriod period, Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return switch (period) {
            case DAILY -> utc.toInstant();
            case MONTHLY -> utc.withDayOfMonth(1).toInstant();
            case TOTAL -> Instant.EPOCH;
        };
    }
}
