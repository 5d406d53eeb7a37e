package dev.switchyard.cost;

import static dev.switchyard.cost.CostDriver.result;
import static dev.switchyard.cost.CostDriver.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.testing.TopologyTopics;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CostTopologyTest {

    private CostDriver cost;

    @BeforeEach
    void buildTopology() {
        cost = new CostDriver(CostOptions.defaults().unbuffered(), Instant.parse("2026-11-21T12:00:00Z"));
    }

    @AfterEach
    void close() {
        cost.close();
    }

    @Test
    void sumsBilledAttemptsPerTenantUserAndModelInUtcWindows() {
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        cost.send(usage("r1#1", "acme", "ada", "gpt-4o-mini", 1_000, 100, 500, 7_000, at));
        cost.send(usage("r2#1", "acme", "bob", "gpt-4o-mini", 2_000, 0, 100, 3_001, at.plusSeconds(60)));
        cost.send(usage("r3#1", "acme", "ada", "claude-haiku-4-5", 10, 0, 10, 60, at.plusSeconds(120)));

        Map<String, CostAggregate> costs = cost.latestCosts();
        CostAggregate tenantDay = costs.get("acme|*|*|*|DAY|" + Instant.parse("2026-11-21T00:00:00Z").toEpochMilli());
        assertThat(tenantDay.getCostNanoUsd()).isEqualTo(10_061L);
        assertThat(tenantDay.getInputTokens()).isEqualTo(3_010L);
        assertThat(tenantDay.getCachedInputTokens()).isEqualTo(100L);
        assertThat(tenantDay.getOutputTokens()).isEqualTo(610L);
        assertThat(tenantDay.getWindowEndMs()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(costs.get("acme|ada|*|*|HOUR|" + Instant.parse("2026-11-21T10:00:00Z").toEpochMilli()).getCostNanoUsd())
                .isEqualTo(7_060L);
        CostAggregate miniMonth = costs.get("acme|*|openai|gpt-4o-mini|MONTH|" + Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
        assertThat(miniMonth.getCostNanoUsd()).isEqualTo(10_001L);
        assertThat(miniMonth.getProvider()).isEqualTo("openai");
    }

    @Test
    void sumsPromptCacheWritesLikeTheOtherTokens() {
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        cost.send(UsageEvent.newBuilder(usage("w1#1", "acme", "ada", "claude-sonnet-4-5", 49_999, 40_000, 517, 56_325_750L, at))
                .setCacheWriteInputTokens(8_765).build());
        cost.send(UsageEvent.newBuilder(usage("w2#1", "acme", "ada", "claude-sonnet-4-5", 2_000, 0, 10, 9_150L, at.plusSeconds(1)))
                .setCacheWriteInputTokens(1_000).build());
        cost.send(usage("w3#1", "acme", "bob", "gpt-4o-mini", 1_000, 0, 500, 7_000, at.plusSeconds(2)));

        Map<String, CostAggregate> costs = cost.latestCosts();
        CostAggregate tenantDay = costs.get("acme|*|*|*|DAY|" + Instant.parse("2026-11-21T00:00:00Z").toEpochMilli());
        assertThat(tenantDay.getCacheWriteInputTokens()).isEqualTo(9_765L);
        assertThat(tenantDay.getInputTokens()).isEqualTo(52_999L);
        assertThat(tenantDay.getCachedInputTokens()).isEqualTo(40_000L);
        assertThat(tenantDay.getCostNanoUsd()).isEqualTo(56_341_900L);
        CostAggregate sonnetHour = costs.get("acme|*|anthropic|claude-sonnet-4-5|HOUR|"
                + Instant.parse("2026-11-21T10:00:00Z").toEpochMilli());
        assertThat(sonnetHour.getCacheWriteInputTokens()).isEqualTo(9_765L);
        CostAggregate bob = costs.get("acme|bob|*|*|DAY|" + Instant.parse("2026-11-21T00:00:00Z").toEpochMilli());
        assertThat(bob.getCacheWriteInputTokens()).isZero();
    }

    @Test
    void aRedeliveredUsageEventIsCountedOnce() {
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        UsageEvent event = usage("r1#1", "acme", null, "gpt-4o-mini", 1_000, 0, 500, 7_000, at);
        cost.send(event);
        cost.send(event);
        cost.usage.pipeInput(event.getUsageId(), event, at.plus(Duration.ofHours(3)));
        cost.send(usage("r1#2", "acme", null, "gpt-4o-mini", 1_000, 0, 500, 7_000, at));

        CostAggregate month = cost.latestCosts().get("acme|*|*|*|MONTH|" + Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
        assertThat(month.getCostNanoUsd()).as("two attempts, each once").isEqualTo(14_000L);
    }

    @Test
    void windowsSplitOnTheUtcDayAndMonthBoundaries() {
        cost.send(usage("a#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 1, Instant.parse("2026-11-30T23:59:59.999Z")));
        cost.send(usage("b#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 2, Instant.parse("2026-12-01T00:00:00Z")));

        Map<String, CostAggregate> costs = cost.latestCosts();
        assertThat(costs.get("acme|*|*|*|DAY|" + Instant.parse("2026-11-30T00:00:00Z").toEpochMilli()).getCostNanoUsd()).isEqualTo(1L);
        assertThat(costs.get("acme|*|*|*|DAY|" + Instant.parse("2026-12-01T00:00:00Z").toEpochMilli()).getCostNanoUsd()).isEqualTo(2L);
        assertThat(costs.get("acme|*|*|*|MONTH|" + Instant.parse("2026-11-01T00:00:00Z").toEpochMilli()).getCostNanoUsd()).isEqualTo(1L);
        CostAggregate december = costs.get("acme|*|*|*|MONTH|" + Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
        assertThat(december.getCostNanoUsd()).isEqualTo(2L);
        assertThat(december.getWindowEndMs()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void terminalResultsCountRequestsOnceEach() {
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        LlmResult ok = result("r1", ResultStatus.SUCCEEDED, "gpt-4o-mini", at).build();
        cost.results.pipeInput("r1", ok, at);
        cost.results.pipeInput("r1", ok, at.plusSeconds(5));
        cost.results.pipeInput("r2", result("r2", ResultStatus.REJECTED, null, at).build(), at);

        Map<String, CostAggregate> costs = cost.latestCosts();
        long day = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
        assertThat(costs.get("acme|*|*|*|DAY|" + day).getRequests()).isEqualTo(2L);
        assertThat(costs.get("acme|*|openai|gpt-4o-mini|DAY|" + day).getRequests()).isEqualTo(1L);
    }

    @Test
    void aLateEventInsideGraceIsCountedInItsOwnWindow() {
        cost.send(usage("a#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 5, Instant.parse("2026-11-21T10:59:00Z")));
        cost.send(usage("b#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 7, Instant.parse("2026-11-21T11:50:00Z")));
        // 10:00-11:00 ended 50 minutes ago in stream time: inside the hour of grace.
        cost.send(usage("c#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 11, Instant.parse("2026-11-21T10:30:00Z")));

        Map<String, CostAggregate> costs = cost.latestCosts();
        assertThat(costs.get("acme|*|*|*|HOUR|" + Instant.parse("2026-11-21T10:00:00Z").toEpochMilli()).getCostNanoUsd())
                .isEqualTo(16L);
        assertThat(costs.get("acme|*|*|*|HOUR|" + Instant.parse("2026-11-21T11:00:00Z").toEpochMilli()).getCostNanoUsd())
                .isEqualTo(7L);
    }

    @Test
    void aLateEventBeyondGraceIsCountedInTheOpenWindowAndLeavesTheClosedOneAlone() {
        cost.send(usage("a#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 5, Instant.parse("2026-11-21T10:59:00Z")));
        cost.send(usage("b#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 7, Instant.parse("2026-11-21T12:00:00Z")));
        // 10:00-11:00 closed at 12:00 (end + 1 h grace); stream time is 12:00.
        cost.send(usage("c#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 11, Instant.parse("2026-11-21T10:30:00Z")));

        Map<String, CostAggregate> costs = cost.latestCosts();
        assertThat(costs.get("acme|*|*|*|HOUR|" + Instant.parse("2026-11-21T10:00:00Z").toEpochMilli()).getCostNanoUsd())
                .as("the closed hour keeps what it had when it closed").isEqualTo(5L);
        assertThat(costs.get("acme|*|*|*|HOUR|" + Instant.parse("2026-11-21T12:00:00Z").toEpochMilli()).getCostNanoUsd())
                .as("the late attempt is billed in the open hour").isEqualTo(18L);
        assertThat(costs.get("acme|*|*|*|DAY|" + Instant.parse("2026-11-21T00:00:00Z").toEpochMilli()).getCostNanoUsd())
                .as("the day is still open: every attempt in it").isEqualTo(23L);
    }

    @Test
    void aLateEventAfterTheMonthClosedIsBilledInTheNewMonth() {
        cost.send(usage("a#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 5, Instant.parse("2026-11-30T23:00:00Z")));
        cost.send(usage("b#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 7, Instant.parse("2026-12-01T01:30:00Z")));
        cost.send(usage("c#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 11, Instant.parse("2026-11-30T23:30:00Z")));

        Map<String, CostAggregate> costs = cost.latestCosts();
        assertThat(costs.get("acme|*|*|*|MONTH|" + Instant.parse("2026-11-01T00:00:00Z").toEpochMilli()).getCostNanoUsd())
                .isEqualTo(5L);
        assertThat(costs.get("acme|*|*|*|MONTH|" + Instant.parse("2026-12-01T00:00:00Z").toEpochMilli()).getCostNanoUsd())
                .isEqualTo(18L);
    }

    @Test
    void bufferedDeltasAreSummedLocallyAndForwardedOncePerKeyAndInterval() {
        cost.close();
        cost = new CostDriver(CostOptions.defaults(), Instant.parse("2026-11-21T12:00:00Z"));
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        for (int i = 0; i < 50; i++) {
            cost.send(usage("r" + i + "#1", "acme", "ada", "gpt-4o-mini", 10, 1, 5, 1_000 + i, at.plusSeconds(i)));
        }
        var costs = TopologyTopics.output(cost.driver, cost.topics.costs);
        assertThat(costs.isEmpty()).as("nothing leaves before the flush interval").isTrue();

        cost.driver.advanceWallClockTime(Duration.ofSeconds(1));
        var updates = costs.readKeyValuesToList();
        assertThat(updates).as("one sum per key: tenant, user and model in three windows").hasSize(9);
        CostAggregate month = updates.stream()
                .filter(kv -> kv.key.equals("acme|*|*|*|MONTH|" + Instant.parse("2026-11-01T00:00:00Z").toEpochMilli()))
                .findFirst().orElseThrow().value;
        assertThat(month.getCostNanoUsd()).isEqualTo(50 * 1_000L + 49 * 50 / 2);
        assertThat(month.getInputTokens()).isEqualTo(500L);

        cost.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(costs.isEmpty()).as("a forwarded sum is not forwarded again").isTrue();
    }
}
