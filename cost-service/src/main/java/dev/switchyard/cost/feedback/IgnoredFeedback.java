package dev.switchyard.cost.feedback;

import io.micrometer.core.instrument.Metrics;
import java.util.Locale;

/**
 * The count of judgements that were not applied, by reason, as
 * {@code switchyard.feedback.ignored{reason}} on the global registry, which Spring Boot's
 * registry joins. An operator sees a client that judges unknown requests, or another tenant's.
 */
public final class IgnoredFeedback {

    public static final String METER = "switchyard.feedback.ignored";

    public enum Reason {
        INVALID("a score outside 0 to 1, or no tenant"),
        UNKNOWN_REQUEST("no succeeded answer of that requestId is held (unknown, not succeeded, or past its retention)"),
        OTHER_TENANT("the request belongs to another tenant");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private IgnoredFeedback() {
    }

    static void count(Reason reason) {
        Metrics.counter(METER, "reason", reason.tag()).increment();
    }
}
