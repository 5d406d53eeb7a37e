package dev.switchyard.router.intake;

import dev.switchyard.core.deadletter.DecodeOrDeadLetter;
import dev.switchyard.core.deadletter.UnreadableRecordException;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.schema.ErrorInfo;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.serde.MissingRequestIdException;
import dev.switchyard.schema.serde.ReadRequest;
import dev.switchyard.schema.serde.RequestDeserializer;
import dev.switchyard.schema.topic.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The router's entry for {@code llm.requests}: every record becomes a request command on the
 * partition its requestId hashes to, where the request core dedupes it.
 * <pre>
 * llm.requests ── read ─┬─ unreadable, or no requestId ──────────────────► llm.dlq
 *                       ├─ on its requestId's partition ─────────────────┐
 *                       └─ keyed otherwise, or placed by another         │
 *                          partitioner ── by-request-id repartition ─────┴─► request commands
 * </pre>
 * docs/CONTRACT.md lets a producer key a request by its requestId or not at all, and producers'
 * partitioners differ (kafkajs's legacy one does not hash as Java's does), so one requestId may
 * land on any partition. Only records not already where their requestId belongs take the extra
 * hop: a well-keyed record from a Java-compatible partitioner is routed where it lands.
 *
 * <p>A request whose requestId can be read is never dead-lettered: what else is wrong with it
 * (a field missing, of another type, an unknown enum symbol, too many bytes) rides along as the
 * command's rejection, and the request core answers it REJECTED after dedupe, once.
 */
public final class RequestIntake {

    private RequestIntake() {
    }

    /**
     * @param requestPartitions the partitions of {@code llm.requests} (and so of the repartition
     *                          topic), on which a requestId's place is computed
     */
    public static KStream<String, RouterCommand> requests(StreamsBuilder builder, Topics topics, int maxRequestBytes,
                                                          int requestPartitions) {
        RequestDeserializer reader = new RequestDeserializer(topics.avro(LlmRequest.class));
        KStream<String, RequestPlacement.Placed> read = DecodeOrDeadLetter
                .stream(builder, topics.requests, (topic, headers, bytes) -> command(reader, topic, headers, bytes, maxRequestBytes),
                        topics.deadLetters)
                .processValues(() -> new RequestPlacement(requestPartitions), Named.as("request-placement"));
        Map<String, KStream<String, RequestPlacement.Placed>> byPlace = read.split(Named.as("requests-"))
                .branch((key, placed) -> placed.onItsPartition(), Branched.as("placed"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, RouterCommand> moved = byPlace.get("requests-elsewhere")
                .map((key, placed) -> KeyValue.pair(placed.command().getRequest().getRequestId(), placed.command()),
                        Named.as("key-by-request-id"))
                .repartition(Repartitioned.<String, RouterCommand>as("by-request-id")
                        .withKeySerde(topics.requests.keySerde()).withValueSerde(topics.avro(RouterCommand.class))
                        .withNumberOfPartitions(requestPartitions));
        return byPlace.get("requests-placed")
                .mapValues(RequestPlacement.Placed::command, Named.as("placed-request"))
                .merge(moved, Named.as("with-moved-requests"));
    }

    static RouterCommand command(RequestDeserializer reader, String topic, Headers headers, byte[] bytes, int maxRequestBytes) {
        ReadRequest read;
        try {
            read = reader.read(topic, headers, bytes);
        } catch (MissingRequestIdException e) {
            throw new UnreadableRecordException(ErrorCode.MISSING_REQUEST_ID, e.getMessage(), e);
        }
        LlmRequest request = read.request();
        if (request.getRequestId() == null || request.getRequestId().isBlank()) {
            throw new UnreadableRecordException(ErrorCode.MISSING_REQUEST_ID,
                    "requestId is blank: a request needs one to be answered under", null);
        }
        ErrorInfo rejection = null;
        if (bytes.length > maxRequestBytes) {
            // Only what the result needs travels on: the prompt is what made it too large.
            request.setMessages(List.of());
            rejection = new ErrorInfo(ErrorCode.REQUEST_TOO_LARGE.name(),
                    "the request takes " + bytes.length + " bytes, more than the limit of " + maxRequestBytes);
        } else if (!read.whole()) {
            rejection = new ErrorInfo(ErrorCode.INVALID_REQUEST.name(), read.problem());
        }
        return RouterCommand.newBuilder().setRequest(request).setRejection(rejection).build();
    }
}
