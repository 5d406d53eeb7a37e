package dev.switchyard.router;

import dev.switchyard.core.budget.BudgetOwners;
import dev.switchyard.core.budget.BudgetPolicyDecoder;
import dev.switchyard.core.deadletter.DecodeOrDeadLetter;
import dev.switchyard.core.deadletter.RecordDecoder;
import dev.switchyard.core.deadletter.UnreadableRecordException;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.outcome.WithResultHeaders;
import dev.switchyard.router.core.LatestValueUpdater;
import dev.switchyard.router.core.RouterCoreSupplier;
import dev.switchyard.router.core.RouterStores;
import dev.switchyard.router.routing.RoutingDecision;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.PolicyChange;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.internal.Settlement;
import dev.switchyard.schema.topic.Topics;
import org.apache.kafka.common.header.Headers;
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
 * llm.requests ───────── decode ─┐ (unreadable ──► llm.dlq)
 * llm.attempts.failed ── decode ─┤
 * llm.results ────────── decode ─┤ (terminal: settle budgets)
 * llm.budget-policies ── decode ─┘
 *        │ key by tenant, one writer per tenant's budgets
 *        ▼
 *   router core: dedupe ─ validate ─ classify ─ rank ─ cap cost ─ reserve budget ─ decide fallbacks ─ delay retries
 *        │ key by requestId
 *        ├─ dispatch ──► llm.work.&lt;provider&gt; (priority 8+: llm.work.&lt;provider&gt;.high)
 *        └─ end ───────► llm.results (REJECTED, EXPIRED, or FAILED after attempts)
 * </pre>
 */
public final class RouterTopology {

    private RouterTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, RouterCoreSupplier core) {
        Deserializer<LlmRequest> requestReader = topics.requests.valueSerde().deserializer();
        KStream<String, RouterCommand> requests = DecodeOrDeadLetter
                .stream(builder, topics.requests, (topic, headers, bytes) -> readRequest(requestReader, topic, headers, bytes),
                        topics.deadLetters)
                .map((key, request) -> KeyValue.pair(request.getTenantId(), RouterCommand.newBuilder().setRequest(request).build()),
                        Named.as("request-command"));
        KStream<String, RouterCommand> failedAttempts = DecodeOrDeadLetter
                .stream(builder, topics.failedAttempts, reader(topics.failedAttempts.valueSerde().deserializer()), topics.deadLetters)
                .map((requestId, failed) -> KeyValue.pair(failed.getWork().getRequest().getTenantId(),
                        RouterCommand.newBuilder().setFailedAttempt(failed).build()), Named.as("fallback-command"));
        KStream<String, RouterCommand> settlements = DecodeOrDeadLetter
                .stream(builder, topics.results, reader(topics.results.valueSerde().deserializer()), topics.deadLetters)
                .map((requestId, result) -> KeyValue.pair(result.getTenantId(), RouterCommand.newBuilder()
                        .setSettlement(settlement(result)).build()), Named.as("settle-command"));
        KStream<String, RouterCommand> policies = DecodeOrDeadLetter
                .stream(builder, topics.budgetPolicies, new BudgetPolicyDecoder(topics), topics.deadLetters)
                .map((owner, policy) -> KeyValue.pair(BudgetOwners.tenantOf(owner), RouterCommand.newBuilder()
                        .setPolicyChange(new PolicyChange(owner, policy.orElse(null))).build()), Named.as("policy-command"));

        builder.addGlobalStore(RouterStores.modelStats(topics), topics.modelStats.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-model-stats"),
                () -> new LatestValueUpdater<>(RouterStores.MODEL_STATS, topics.modelStats));
        builder.addGlobalStore(RouterStores.cancelledBatches(topics), topics.batchCancellations.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-cancelled-batches"),
                () -> new LatestValueUpdater<>(RouterStores.CANCELLED_BATCHES, topics.batchCancellations));

        KStream<String, RoutingDecision> decisions = requests
                .merge(failedAttempts, Named.as("with-failed-attempts"))
                .merge(settlements, Named.as("with-settlements"))
                .merge(policies, Named.as("with-policies"))
                .repartition(Repartitioned.<String, RouterCommand>as("by-tenant")
                        .withKeySerde(topics.requests.keySerde()).withValueSerde(topics.avro(RouterCommand.class)))
                .process(core, Named.as("router-core"));

        decisions.split(Named.as("decision-"))
                .branch((requestId, decision) -> decision instanceof RoutingDecision.Dispatch,
                        Branched.withConsumer(dispatched -> dispatched
                                .mapValues(decision -> ((RoutingDecision.Dispatch) decision).work(), Named.as("work-item"))
                                .to((requestId, work, context) -> topics.workFor(work).name(),
                                        Produced.with(topics.requests.keySerde(), topics.workItemSerde())), "dispatch"))
                .defaultBranch(Branched.withConsumer(ended -> ended
                        .mapValues(decision -> ((RoutingDecision.End) decision).result(), Named.as("result"))
                        .processValues(WithResultHeaders::new, Named.as("result-headers"))
                        .to(topics.results.name(), Produced.with(topics.results.keySerde(), topics.results.valueSerde())), "end"));
    }

    private static Settlement settlement(LlmResult result) {
        String model = result.getModel() != null ? result.getModel()
                : result.getAttempts().isEmpty() ? null : result.getAttempts().getLast().getModel();
        return new Settlement(result.getRequestId(), result.getCostNanoUsd(), result.getUserId(), model,
                result.getStatus() == ResultStatus.SUCCEEDED);
    }

    private static LlmRequest readRequest(Deserializer<LlmRequest> reader, String topic, Headers headers, byte[] bytes) {
        LlmRequest request = reader.deserialize(topic, headers, bytes);
        if (request == null || request.getRequestId() == null || request.getRequestId().isBlank()) {
            throw new UnreadableRecordException(ErrorCode.MISSING_REQUEST_ID,
                    "requestId is blank: a request needs one to be answered under", null);
        }
        return request;
    }

    private static <V> RecordDecoder<V> reader(Deserializer<V> deserializer) {
        return deserializer::deserialize;
    }
}
