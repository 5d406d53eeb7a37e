package dev.switchyard.cost.feedback;

import dev.switchyard.core.deadletter.DecodeOrDeadLetter;
import dev.switchyard.cost.retention.Retention;
import dev.switchyard.schema.Feedback;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.internal.AnsweredRequest;
import dev.switchyard.schema.internal.FeedbackCounts;
import dev.switchyard.schema.internal.FeedbackEvent;
import dev.switchyard.schema.topic.Topics;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Feedback on answers, counted per tenant, task type, complexity and model:
 * <pre>
 * llm.results ── succeeded, routed ── what a judgement counts under ─┐
 * llm.feedback ─ decode ─ key by requestId ──────────────────────────┴─ by requestId ─ judge ─ by count key ─ sum ─► llm.feedback-counts
 * </pre>
 * Answers and judgements pass through one repartition by requestId, so that a request's answer
 * and its judgements meet in one task whatever partitions they were written to. A request's
 * latest judgement is the one counted: a second one replaces the first (a change of the counts,
 * not an addition). Judgements of an answer this service does not hold (an unknown requestId, one
 * that did not succeed, one older than the retention) and those of another tenant than the
 * request's are ignored and counted ({@link IgnoredFeedback}), never applied. Exactly-once
 * processing commits each count with the offsets of what it counted.
 */
public final class FeedbackCounter {

    public static final String ANSWERED_STORE = "answered";
    public static final String COUNTS_STORE = "feedback-counts";

    private FeedbackCounter() {
    }

    /**
     * @param results   terminal results, each requestId once
     * @param retention how long an answer can still be judged
     */
    public static void attach(StreamsBuilder builder, KStream<String, LlmResult> results, Topics topics, Retention retention) {
        Serde<FeedbackEvent> events = topics.avro(FeedbackEvent.class);
        Serde<FeedbackCounts> counts = topics.feedbackCounts.valueSerde();
        KStream<String, FeedbackEvent> answers = results
                .filter((requestId, result) -> result.getStatus() == ResultStatus.SUCCEEDED && result.getRouting() != null
                        && result.getModel() != null && !result.getTenantId().isBlank(), Named.as("judgeable-answers"))
                .mapValues(FeedbackCounter::answered, Named.as("answers"));
        KStream<String, FeedbackEvent> judgements = DecodeOrDeadLetter
                .stream(builder, topics.feedback, (topic, headers, bytes) ->
                        topics.feedback.valueSerde().deserializer().deserialize(topic, headers, bytes), topics.deadLetters)
                .selectKey((key, feedback) -> feedback.getRequestId(), Named.as("key-feedback-by-request"))
                .mapValues(feedback -> FeedbackEvent.newBuilder().setFeedback(feedback).build(), Named.as("judgements"));

        StoreBuilder<KeyValueStore<String, FeedbackEvent>> answered = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ANSWERED_STORE), Serdes.String(), events);
        answers.merge(judgements, Named.as("answers-and-judgements"))
                .repartition(Repartitioned.<String, FeedbackEvent>as("feedback-by-request")
                        .withKeySerde(Serdes.String()).withValueSerde(events))
                .process(new ProcessorSupplier<String, FeedbackEvent, String, FeedbackCounts>() {
                    @Override
                    public Processor<String, FeedbackEvent, String, FeedbackCounts> get() {
                        return new Judge(retention);
                    }

                    @Override
                    public Set<StoreBuilder<?>> stores() {
                        return Set.of(answered);
                    }
                }, Named.as("judge"))
                .groupByKey(Grouped.with("feedback-by-count", Serdes.String(), counts))
                .reduce(FeedbackCounter::add, Named.as("sum-feedback"), Materialized
                        .<String, FeedbackCounts, KeyValueStore<Bytes, byte[]>>as(COUNTS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(counts))
                .toStream(Named.as("feedback-counts"))
                .to(topics.feedbackCounts.name(), Produced.with(topics.feedbackCounts.keySerde(), counts));
    }

    private static FeedbackEvent answered(LlmResult result) {
        return FeedbackEvent.newBuilder().setAnswered(AnsweredRequest.newBuilder()
                .setTenantId(result.getTenantId())
                .setTaskType(result.getRouting().getTaskType())
                .setComplexity(result.getRouting().getComplexity())
                .setModel(result.getModel())
                .setAnsweredAtMs(result.getCompletedAtMs())
                .build()).build();
    }

    static FeedbackCounts add(FeedbackCounts a, FeedbackCounts b) {
        return new FeedbackCounts(a.getSufficient() + b.getSufficient(), a.getTotal() + b.getTotal());
    }

    static boolean valid(Feedback feedback) {
        return feedback.getScore() >= 0 && feedback.getScore() <= 1 && !feedback.getTenantId().isBlank();
    }
}
