package dev.switchyard.cost;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CostTopologyTest {

    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, UsageEvent> usage;
    private TestInputTopic<String, LlmResult> results;

    @BeforeEach
    void buildTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        CostTopology.build(builder, topics, Duration.ofHours(24));
        Properties props = new Properties();
        props.put("application.id", "cost-test");
        props.put("bootstrap.servers", "unused:9092");
        props.put("statestore.cache.max.bytes", "0");
        driver = new TopologyTestDriver(builder.build(), props);
        usage = input(driver, topics.usage);
        results = input(driver, topics.results);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void sumsBilledAttemptsPerTenantUserAndModelInUtcWindows() {
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        send(usage("r1#1", "acme", "ada", "gpt-4o-mini", 1_000, 100, 500, 7_000, at));
        send(usage("r2#1", "acme", "bob", "gpt-4o-mini", 2_000, 0, 100, 3_001, at.plusSeconds(60)));
        send(usage("r3#1", "acme", "ada", "claude-haiku-4-5", 10, 0, 10, 60, at.plusSeconds(120)));

        Map<String, CostAggregate> costs = latestCosts();
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
    void aRedeliveredUsageEventIsCountedOnce() {
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        UsageEvent event = usage("r1#1", "acme", null, "gpt-4o-mini", 1_000, 0, 500, 7_000, at);
        send(event);
        send(event);
        usage.pipeInput(event.getUsageId(), event, at.plus(Duration.ofHours(3)));
        send(usage("r1#2", "acme", null, "gpt-4o-mini", 1_000, 0, 500, 7_000, at));

        CostAggregate month = latestCosts().get("acme|*|*|*|MONTH|" + Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
        assertThat(month.getCostNanoUsd()).as("two attempts, each once").isEqualTo(14_000L);
    }

    @Test
    void windowsSplitOnTheUtcDayAndMonthBoundaries() {
        send(usage("a#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 1, Instant.parse("2026-11-30T23:59:59.999Z")));
        send(usage("b#1", "acme", null, "gpt-4o-mini", 1, 0, 0, 2, Instant.parse("2026-12-01T00:00:00Z")));

        Map<String, CostAggregate> costs = latestCosts();
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
        LlmResult ok = result("r1", ResultStatus.SUCCEEDED, "gpt-4o-mini", at);
        results.pipeInput("r1", ok, at);
        results.pipeInput("r1", ok, at.plusSeconds(5));
        results.pipeInput("r2", result("r2", ResultStatus.REJECTED, null, at), at);

        Map<String, CostAggregate> costs = latestCosts();
        long day = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
        assertThat(costs.get("acme|*|*|*|DAY|" + day).getRequests()).isEqualTo(2L);
        assertThat(costs.get("acme|*|openai|gpt-4o-mini|DAY|" + day).getRequests()).isEqualTo(1L);
    }

    private void send(UsageEvent event) {
        usage.pipeInput(event.getUsageId(), event, event.getAtMs());
    }

    private Map<String, CostAggregate> latestCosts() {
        return output(driver, topics.costs).readKeyValuesToMap();
    }

    private static UsageEvent usage(String usageId, String tenant, String user, String model, int input, int cached,
                                    int output, long cost, Instant at) {
        return UsageEvent.newBuilder()
                .setUsageId(usageId).setRequestId(usageId.substring(0, usageId.indexOf('#')))
                .setAttempt(Integer.parseInt(usageId.substring(usageId.indexOf('#') + 1)))
                .setTenantId(tenant).setUserId(user)
                .setProvider(model.startsWith("claude") ? "anthropic" : "openai").setModel(model)
                .setInputTokens(input).setCachedInputTokens(cached).setOutputTokens(output).setCostNanoUsd(cost)
                .setAtMs(at).build();
    }

    private static LlmResult result(String id, ResultStatus status, String model, Instant at) {
        return LlmResult.newBuilder().setRequestId(id).setTenantId("acme").setStatus(status)
                .setModel(model).setProvider(model == null ? null : "openai")
                .setCreatedAtMs(at).setCompletedAtMs(at).build();
    }

}
