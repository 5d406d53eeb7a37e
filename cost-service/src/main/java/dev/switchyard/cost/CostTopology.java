package dev.switchyard.cost;

import dev.switchyard.core.budget.BudgetPolicyDecoder;
import dev.switchyard.core.deadletter.DecodeOrDeadLetter;
import dev.switchyard.cost.aggregate.CostDeltas;
import dev.switchyard.cost.aggregate.CostTotals;
import dev.switchyard.cost.aggregate.CostEvent;
import dev.switchyard.cost.aggregate.LocalCostSums;
import dev.switchyard.cost.aggregate.TenantPartitioner;
import dev.switchyard.cost.batch.BatchTracker;
import dev.switchyard.cost.budget.BudgetLedger;
import dev.switchyard.cost.dedupe.FirstSeenOnly;
import dev.switchyard.cost.feedback.FeedbackCounter;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.topic.Topics;
import java.util.Optional;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The cost flow, read top to bottom:
 * <pre>
 * llm.usage ── decode ─ first per usageId ──── deltas (tenant, user, model × hour, day, month; late → open window) ─┐
 * llm.results ─ decode ─ first per requestId ─┬─ deltas (request counts) ──────────────────────────────────────────┤
 *                                             │        ┌──────────────────────────────────────────────────────────────┘
 *                                             │        └─ sum locally per key ─ by tenant ─ sum ─► llm.costs
 *                                             ├─ batched ─ by batchId ─ batch status ─► llm.batches (COMPLETED once)
 *                                             └─ succeeded ─┬─ by requestId ─ judge ─ by count ─ sum ─► llm.feedback-counts
 * llm.feedback ── decode ─ key by requestId ────────────────┘   (FeedbackCounter)
 * usage ─ spend per owner and day ─ sum locally ─┐
 * llm.budget-policies ─── decode ────────────────┤
 * llm.budget-reservations ─ decode ─ latest per owner ─┴─ by tenant ─ owner ledger ─┬─► llm.budgets (spent, reserved)
 *                                                                                    └─► llm.alerts (each threshold once per period)
 * </pre>
 * Exactly-once processing commits every store, output and input offset together, and the
 * first-seen filters drop the re-sent usage of a redelivered attempt: so every billed attempt is
 * counted once. Aggregates, ledgers and batches are partitioned so that one instance holds all of
 * a tenant's aggregates and budgets, which the query API relies on.
 */
public final class CostTopology {

    public static final String COSTS_STORE = "costs";

    private CostTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, CostOptions options) {
        KStream<String, UsageEvent> usage = DecodeOrDeadLetter
                .stream(builder, topics.usage, (topic, headers, bytes) ->
                        topics.usage.valueSerde().deserializer().deserialize(topic, headers, bytes), topics.deadLetters)
                .processValues(new FirstSeenOnly<>("usage-seen", options.dedupeWindow(), UsageEvent::getUsageId),
                        Named.as("first-usage"));
        KStream<String, LlmResult> results = DecodeOrDeadLetter
                .stream(builder, topics.results, (topic, headers, bytes) ->
                        topics.results.valueSerde().deserializer().deserialize(topic, headers, bytes), topics.deadLetters)
                .processValues(new FirstSeenOnly<>("results-seen", options.dedupeWindow(), LlmResult::getRequestId),
                        Named.as("first-result"));
        KStream<String, Optional<BudgetPolicy>> policies = DecodeOrDeadLetter
                .stream(builder, topics.budgetPolicies, new BudgetPolicyDecoder(topics), topics.deadLetters);
        KStream<String, BudgetStatus> reservations = DecodeOrDeadLetter
                .stream(builder, topics.budgetReservations, (topic, headers, bytes) ->
                        topics.budgetReservations.valueSerde().deserializer().deserialize(topic, headers, bytes), topics.deadLetters);

        usage.mapValues(CostEvent::of, Named.as("usage-costs"))
                // A request rejected for want of a readable tenant carries the empty tenant, which no tenant is: not counted.
                .merge(results.filter((requestId, result) -> !result.getTenantId().isBlank(), Named.as("results-of-tenants"))
                        .mapValues(CostEvent::of, Named.as("request-counts")), Named.as("cost-events"))
                .process(LocalCostSums.supplier(options.grace(), options.flushInterval()), Named.as("sum-locally"))
                .repartition(Repartitioned.<String, CostAggregate>as("by-cost-tenant")
                        .withKeySerde(topics.costs.keySerde())
                        .withValueSerde(topics.costs.valueSerde())
                        .withStreamPartitioner(costPartitioner()))
                .process(CostTotals.supplier(COSTS_STORE, topics, options.retention()), Named.as("sum-costs"))
                .to(topics.costs.name(), Produced.with(topics.costs.keySerde(), topics.costs.valueSerde()));

        BatchTracker.attach(results, topics, options.retention());
        FeedbackCounter.attach(builder, results, topics, options.retention());
        BudgetLedger.attach(usage, policies, reservations, topics, options);
    }

    /** Aggregate keys partitioned by their tenant, for the sums and for queries that look one up. */
    public static <V> TenantPartitioner<V> costPartitioner() {
        return new TenantPartitioner<>(CostDeltas::tenantOf);
    }
}
