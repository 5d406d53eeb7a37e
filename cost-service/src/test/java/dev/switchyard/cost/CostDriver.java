package dev.switchyard.cost;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;

import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.topic.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The cost topology on a TopologyTestDriver, with the inputs its tests write. */
final class CostDriver implements AutoCloseable {

    final Topics topics = Topics.defaults();
    final TopologyTestDriver driver;
    final TestInputTopic<String, UsageEvent> usage;
    final TestInputTopic<String, LlmResult> results;
    final TestInputTopic<String, BudgetPolicy> policies;
    /** The router's ledgers, as its tenant core writes them on each reservation and settlement. */
    final TestInputTopic<String, BudgetStatus> routerLedgers;

    CostDriver(CostOptions options, Instant wallClock) {
        StreamsBuilder builder = new StreamsBuilder();
        CostTopology.build(builder, topics, options);
        Properties props = new Properties();
        props.put("application.id", "cost-test");
        props.put("bootstrap.servers", "unused:9092");
        props.put("statestore.cache.max.bytes", "0");
        driver = new TopologyTestDriver(builder.build(), props, wallClock);
        usage = input(driver, topics.usage);
        results = input(driver, topics.results);
        policies = input(driver, topics.budgetPolicies);
        routerLedgers = input(driver, topics.budgetReservations);
    }

    void send(UsageEvent event) {
        usage.pipeInput(event.getUsageId(), event, event.getAtMs());
    }

    void send(LlmResult result) {
        results.pipeInput(result.getRequestId(), result, result.getCompletedAtMs());
    }

    Map<String, CostAggregate> latestCosts() {
        return output(driver, topics.costs).readKeyValuesToMap();
    }

    static UsageEvent usage(String usageId, String tenant, String user, String model, int input, int cached,
                            int output, long cost, Instant at) {
        return UsageEvent.newBuilder()
                .setUsageId(usageId).setRequestId(usageId.substring(0, usageId.indexOf('#')))
                .setAttempt(Integer.parseInt(usageId.substring(usageId.indexOf('#') + 1)))
                .setTenantId(tenant).setUserId(user)
                .setProvider(model.startsWith("claude") ? "anthropic" : "openai").setModel(model)
                .setInputTokens(input).setCachedInputTokens(cached).setOutputTokens(output).setCostNanoUsd(cost)
                .setAtMs(at).build();
    }

    static UsageEvent spend(String usageId, String tenant, String user, long cost, Instant at) {
        return usage(usageId, tenant, user, "gpt-4o-mini", 10, 0, 10, cost, at);
    }

    static LlmResult.Builder result(String id, ResultStatus status, String model, Instant at) {
        return LlmResult.newBuilder().setRequestId(id).setTenantId("acme").setStatus(status)
                .setModel(model).setProvider(model == null ? null : "openai")
                .setCreatedAtMs(at).setCompletedAtMs(at);
    }

    @Override
    public void close() {
        driver.close();
    }
}
