package dev.switchyard.router;

import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.core.budget.BudgetPolicyDecoder;
import dev.switchyard.core.deadletter.DecodeOrDeadLetter;
import dev.switchyard.core.deadletter.RecordDecoder;
import dev.switchyard.core.outcome.WithResultHeaders;
import dev.switchyard.router.core.CoreRole;
import dev.switchyard.router.core.LatestValueUpdater;
import dev.switchyard.router.core.RouterCoreSupplier;
import dev.switchyard.router.core.RouterStores;
import dev.switchyard.router.stats.InstanceReportsUpdater;
import dev.switchyard.router.intake.RequestIntake;
import dev.switchyard.router.validation.RequestLimits;
import dev.switchyard.router.routing.RoutingDecision;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.internal.Settlement;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topic;
import dev.switchyard.schema.topic.Topics;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The router's flow, read top to bottom:
 * <pre>
 * llm.requests ───────── intake ─┐ (unreadable ──► llm.dlq; elsewhere than their requestId's partition: by-request-id)
 * llm.attempts.failed ── decode ─┤ keyed by requestId, on its partition
 *                                ▼
 *   request core: dedupe ─ tenant or user budgeted? ── yes: hand over ─────────────────┐
 *                 └ no: validate ─ classify ─ rank ─ cap cost ─ decide fallbacks ─ delay retries
 *                       ├─ dispatch ──► llm.work.&lt;provider&gt; (priority 8+: llm.work.&lt;provider&gt;.high)
 *                       └─ end ───────► llm.results (REJECTED, EXPIRED, or FAILED after attempts)
 * llm.results ────────── decode ─ terminal: settle budgets ────────────────────────────┤
 *                                                                                      │ key by tenant:
 *   tenant core: dedupe ─ validate ─ classify ─ rank ─ cap cost ─ reserve budget ◄─────┘ one writer per tenant's budgets
 *                ─ decide fallbacks ─ delay retries ─► dispatch / end, as above
 *                ├ each ledger a reservation or settlement changed ──► llm.budget-reservations (for llm.budgets)
 *                └ each outcome count a settlement changed ──────────► llm.model-outcomes (for PREFERENCE)
 *
 * global stores: llm.budget-policies, llm.budgets (spend the cost service counted), llm.model-stats,
 *                llm.batch-cancellations, llm.model-outcomes, llm.feedback-counts (judged answers)
 * </pre>
 * Requests of tenants without budgets take one exactly-once hop, whatever their strategy;
 * budgeted ones take the repartition to their tenant's single writer as well, so budgets never
 * overshoot.
 */
public final class RouterTopology {

    private RouterTopology() {
    }

    /**
     * @param core              the router core; the topology runs it in both roles
     * @param limits            how large a request may be
     * @param requestPartitions the partitions of {@code llm.requests}, {@code llm.attempts.failed}
     *                          and so of the request core's repartition by requestId
     */
    public static void build(StreamsBuilder builder, Topics topics, RouterCoreSupplier core, RequestLimits limits,
                             int requestPartitions) {
        addGlobalStores(builder, topics);
        KStream<String, RouterCommand> requests = RequestIntake.requests(builder, topics, limits.maxRequestBytes(), requestPartitions);
        KStream<String, RouterCommand> failedAttempts = DecodeOrDeadLetter
                .stream(builder, topics.failedAttempts, reader(topics.failedAttempts.valueSerde().deserializer()), topics.deadLetters)
                .mapValues(failed -> RouterCommand.newBuilder().setFailedAttempt(failed).build(), Named.as("fallback-command"));

        KStream<String, RoutingDecision> fromRequestCore = requests
                .merge(failedAttempts, Named.as("with-failed-attempts"))
                .process(core.as(CoreRole.REQUEST), Named.as("request-core"));
        Map<String, KStream<String, RoutingDecision>> requestCoreOut = fromRequestCore.split(Named.as("request-core-"))
                .branch((key, decision) -> decision instanceof RoutingDecision.Handoff, Branched.as("handoff"))
                .defaultBranch(Branched.as("decided"));

        KStream<String, RouterCommand> handedOver = requestCoreOut.get("request-core-handoff")
                .mapValues(decision -> ((RoutingDecision.Handoff) decision).command(), Named.as("handed-over"));
        KStream<String, RouterCommand> settlements = DecodeOrDeadLetter
                .stream(builder, topics.results, reader(topics.results.valueSerde().deserializer()), topics.deadLetters)
                // A request without a readable tenant is rejected under the empty tenant, which owns no budget.
                .filter((requestId, result) -> !result.getTenantId().isBlank(), Named.as("results-of-tenants"))
                .map((requestId, result) -> KeyValue.pair(result.getTenantId(), RouterCommand.newBuilder()
                        .setSettlement(settlement(result)).build()), Named.as("settle-command"));
        KStream<String, RoutingDecision> fromTenantCore = handedOver
                .merge(settlements, Named.as("with-settlements"))
                .repartition(Repartitioned.<String, RouterCommand>as("by-tenant")
                        .withKeySerde(topics.requests.keySerde()).withValueSerde(topics.avro(RouterCommand.class)))
                .process(core.as(CoreRole.TENANT), Named.as("router-core"));

        write(requestCoreOut.get("request-core-decided"), topics, "request-core-");
        write(fromTenantCore, topics, "tenant-core-");
    }

    private static void addGlobalStores(StreamsBuilder builder, Topics topics) {
        builder.addGlobalStore(RouterStores.modelStats(), topics.modelStats.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-model-stats"),
                () -> new InstanceReportsUpdater(RouterStores.MODEL_STATS, topics.modelStats));
        builder.addGlobalStore(RouterStores.cancelledBatches(topics), topics.batchCancellations.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-cancelled-batches"),
                () -> LatestValueUpdater.of(RouterStores.CANCELLED_BATCHES, topics.batchCancellations));
        builder.addGlobalStore(RouterStores.observedOutcomes(topics), topics.modelOutcomes.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-observed-outcomes"),
                () -> LatestValueUpdater.of(RouterStores.OBSERVED_OUTCOMES, topics.modelOutcomes));
        builder.addGlobalStore(RouterStores.judgedAnswers(topics), topics.feedbackCounts.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-judged-answers"),
                () -> LatestValueUpdater.of(RouterStores.JUDGED_ANSWERS, topics.feedbackCounts));
        builder.addGlobalStore(RouterStores.countedSpend(topics), topics.budgets.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-counted-spend"),
                () -> LatestValueUpdater.of(RouterStores.COUNTED_SPEND, topics.budgets));
        BudgetPolicyDecoder policies = new BudgetPolicyDecoder(topics);
        builder.addGlobalStore(RouterStores.budgetPolicies(topics), topics.budgetPolicies.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-budget-policies"),
                () -> new LatestValueUpdater<BudgetPolicy>(RouterStores.BUDGET_POLICIES, topics.budgetPolicies.name(),
                        (topic, owner, headers, bytes) -> policies.decode(topic, owner, headers, bytes).orElse(null)));
    }

    /**
     * Dispatches to their provider's work topic, ends to {@code llm.results} with the result
     * headers, changed budget ledgers to {@code llm.budget-reservations}, changed outcome counts
     * to {@code llm.model-outcomes}.
     */
    private static void write(KStream<String, RoutingDecision> decisions, Topics topics, String prefix) {
        decisions.split(Named.as(prefix + "decision-"))
                .branch((owner, decision) -> decision instanceof RoutingDecision.LedgerChanged,
                        Branched.withConsumer(publish(topics.budgetReservations, decision -> ((RoutingDecision.LedgerChanged) decision).ledger(),
                                prefix + "ledger", prefix + "reservations"), "ledger"))
                .branch((key, decision) -> decision instanceof RoutingDecision.OutcomesCounted,
                        Branched.withConsumer(publish(topics.modelOutcomes, decision -> ((RoutingDecision.OutcomesCounted) decision).outcomes(),
                                prefix + "outcome-count", prefix + "outcomes"), "outcomes"))
                .branch((requestId, decision) -> decision instanceof RoutingDecision.Dispatch,
                        Branched.withConsumer(dispatched -> dispatched
                                .mapValues(decision -> ((RoutingDecision.Dispatch) decision).work(), Named.as(prefix + "work-item"))
                                .to((requestId, work, context) -> topics.workFor(work).name(),
                                        Produced.<String, WorkItem>with(topics.requests.keySerde(), topics.workItemSerde())
                                                .withName(prefix + "dispatch")), "dispatch"))
                .defaultBranch(Branched.withConsumer(ended -> ended
                        .mapValues(decision -> ((RoutingDecision.End) decision).result(), Named.as(prefix + "result"))
                        .processValues(WithResultHeaders::new, Named.as(prefix + "result-headers"))
                        .to(topics.results.name(), Produced.with(topics.results.keySerde(), topics.results.valueSerde())
                                .withName(prefix + "end")), "end"));
    }

    /** Writes one kind of decision, as the value it carries, to a topic of the registry. */
    private static <V> Consumer<KStream<String, RoutingDecision>> publish(Topic<String, V> topic, Function<RoutingDecision, V> value,
                                                                         String valueName, String sinkName) {
        return decisions -> decisions.mapValues(value::apply, Named.as(valueName))
                .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName(sinkName));
    }

    private static Settlement settlement(LlmResult result) {
        String model = result.getModel() != null ? result.getModel()
                : result.getAttempts().isEmpty() ? null : result.getAttempts().getLast().getModel();
        return new Settlement(result.getRequestId(), result.getCostNanoUsd(), result.getUserId(), model,
                result.getStatus() == ResultStatus.SUCCEEDED);
    }

    private static <V> RecordDecoder<V> reader(Deserializer<V> deserializer) {
        return deserializer::deserialize;
    }
}
