package dev.switchyard.router;

import dev.switchyard.core.deadletter.DecodeOrDeadLetter;
import dev.switchyard.core.deadletter.UnreadableRecordException;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.core.outcome.WithResultHeaders;
import dev.switchyard.router.routing.RequestRouter;
import dev.switchyard.router.routing.RoutingDecision;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.topic.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The router's flow, read top to bottom:
 * <pre>
 * llm.requests ──decode──┬─ unreadable ─────────────────────────────► llm.dlq
 *                        └─ key by requestId ─ route ─┬─ dispatch ──► llm.work.&lt;provider&gt;
 *                                                     └─ end ───────► llm.results (REJECTED / EXPIRED)
 * </pre>
 */
public final class RouterTopology {

    private RouterTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, RequestRouter router) {
        Deserializer<LlmRequest> requestReader = topics.requests.valueSerde().deserializer();
        KStream<String, RoutingDecision> decisions = DecodeOrDeadLetter
                .stream(builder, topics.requests, (topic, headers, bytes) -> readRequest(requestReader, topic, headers, bytes),
                        topics.deadLetters)
                // Producers may leave the key null; everything downstream is keyed by the idempotency key.
                .selectKey((key, request) -> request.getRequestId(), Named.as("key-by-request-id"))
                .mapValues(router::decide, Named.as("route"));

        decisions.split(Named.as("decision-"))
                .branch((requestId, decision) -> decision instanceof RoutingDecision.Dispatch,
                        Branched.withConsumer(dispatched -> dispatched
                                .mapValues(decision -> ((RoutingDecision.Dispatch) decision).work(), Named.as("work-item"))
                                .to((requestId, work, context) -> topics.work(work.getProvider()).name(),
                                        Produced.with(topics.requests.keySerde(), topics.workItemSerde())), "dispatch"))
                .defaultBranch(Branched.withConsumer(ended -> ended
                        .mapValues(decision -> ((RoutingDecision.End) decision).result(), Named.as("result"))
                        .processValues(WithResultHeaders::new, Named.as("result-headers"))
                        .to(topics.results.name(), Produced.with(topics.results.keySerde(), topics.results.valueSerde())), "end"));
    }

    private static LlmRequest readRequest(Deserializer<LlmRequest> reader, String topic, Headers headers, byte[] bytes) {
        LlmRequest request = reader.deserialize(topic, headers, bytes);
        if (request.getRequestId() == null || request.getRequestId().isBlank()) {
            throw new UnreadableRecordException(ErrorCode.MISSING_REQUEST_ID,
                    "requestId is blank: a request needs one to be answered under", null);
        }
        return request;
    }
}
