package dev.switchyard.cost;

import dev.switchyard.core.deadletter.DecodeOrDeadLetter;
import dev.switchyard.cost.aggregate.CostDeltas;
import dev.switchyard.cost.dedupe.FirstSeenOnly;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The cost flow, read top to bottom:
 * <pre>
 * llm.usage   ─decode─ first per usageId  ─ fan out (tenant, user, model × hour, day, month) ─┐
 * llm.results ─decode─ first per requestId ─ fan out (request counts) ─────────────────────────┴─ sum per key ─► llm.costs
 * </pre>
 * Exactly-once processing makes each sum and its input offsets commit together, and the
 * first-seen filters drop the re-sent usage of a redelivered attempt: so every billed attempt is
 * counted once.
 */
public final class CostTopology {

    public static final String COSTS_STORE = "costs";

    private CostTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, Duration dedupeWindow) {
        KStream<String, UsageEvent> usage = DecodeOrDeadLetter
                .stream(builder, topics.usage, (topic, headers, bytes) ->
                        topics.usage.valueSerde().deserializer().deserialize(topic, headers, bytes), topics.deadLetters)
                .processValues(new FirstSeenOnly<>("usage-seen", dedupeWindow, UsageEvent::getUsageId), Named.as("first-usage"));
        KStream<String, LlmResult> results = DecodeOrDeadLetter
                .stream(builder, topics.results, (topic, headers, bytes) ->
                        topics.results.valueSerde().deserializer().deserialize(topic, headers, bytes), topics.deadLetters)
                .processValues(new FirstSeenOnly<>("results-seen", dedupeWindow, LlmResult::getRequestId), Named.as("first-result"));

        usage.flatMap((usageId, event) -> CostDeltas.ofUsage(event), Named.as("usage-deltas"))
                .merge(results.flatMap((requestId, result) -> CostDeltas.ofResult(result), Named.as("request-deltas")))
                .groupByKey(Grouped.with("cost-deltas", topics.costs.keySerde(), topics.costs.valueSerde()))
                .reduce(CostDeltas::add, Named.as("sum-costs"),
                        Materialized.<String, CostAggregate, KeyValueStore<Bytes, byte[]>>as(COSTS_STORE)
                                .withKeySerde(topics.costs.keySerde())
                                .withValueSerde(topics.costs.valueSerde()))
                .toStream(Named.as("cost-updates"))
                .to(topics.costs.name(), Produced.with(topics.costs.keySerde(), topics.costs.valueSerde()));
    }
}
