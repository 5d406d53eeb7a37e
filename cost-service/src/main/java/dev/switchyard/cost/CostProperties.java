package dev.switchyard.cost;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dedupeWindow how long a usage or result id is remembered to drop its re-sends. A
 *                     redelivery comes within minutes; 24 h matches the contract's
 *                     idempotency horizon with room to spare.
 */
@ConfigurationProperties("switchyard.cost")
public record CostProperties(
        String stateDir,
        @DefaultValue("100") long commitIntervalMs,
        @DefaultValue("24h") Duration dedupeWindow) {
}
