package dev.switchyard.cost.feedback;

import dev.switchyard.core.feedback.FeedbackKey;
import dev.switchyard.cost.retention.Retention;
import dev.switchyard.cost.retention.RetentionSweep;
import dev.switchyard.schema.Feedback;
import dev.switchyard.schema.internal.AnsweredRequest;
import dev.switchyard.schema.internal.FeedbackCounts;
import dev.switchyard.schema.internal.FeedbackEvent;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each judgeable answer under its requestId, and turns each judgement of it into changes of
 * two counts: the tenant's for that task type, complexity and model, and the tenant's for that
 * complexity as a whole. The verdict counted so far is kept with the answer, so that a second
 * judgement moves the counts by the difference. A wall-clock sweep drops answers older than the
 * retention, after which they can no longer be judged.
 */
final class Judge implements Processor<String, FeedbackEvent, String, FeedbackCounts> {

    private static final Logger log = LoggerFactory.getLogger(Judge.class);

    private final Retention retention;
    private ProcessorContext<String, FeedbackCounts> context;
    private KeyValueStore<String, FeedbackEvent> answered;

    Judge(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, FeedbackCounts> context) {
        this.context = context;
        this.answered = context.getStateStore(FeedbackCounter.ANSWERED_STORE);
        RetentionSweep<FeedbackEvent> sweep = new RetentionSweep<>(answered,
                event -> event.getAnswered().getAnsweredAtMs().plus(retention.feedback()).toEpochMilli(), retention.sweepChunk());
        context.schedule(retention.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, sweep::sweep);
    }

    @Override
    public void process(Record<String, FeedbackEvent> record) {
        if (record.value().getAnswered() != null) {
            answered.putIfAbsent(record.key(), record.value());
        } else if (record.value().getFeedback() != null) {
            judge(record, record.value().getFeedback());
        }
    }

    private void judge(Record<String, FeedbackEvent> record, Feedback feedback) {
        if (!FeedbackCounter.valid(feedback)) {
            ignore(feedback, IgnoredFeedback.Reason.INVALID);
            return;
        }
        FeedbackEvent held = answered.get(record.key());
        if (held == null) {
            ignore(feedback, IgnoredFeedback.Reason.UNKNOWN_REQUEST);
            return;
        }
        AnsweredRequest answer = held.getAnswered();
        if (!answer.getTenantId().equals(feedback.getTenantId())) {
            ignore(feedback, IgnoredFeedback.Reason.OTHER_TENANT);
            return;
        }
        boolean verdict = FeedbackKey.sufficient(feedback);
        Boolean before = answer.getVerdict();
        if (before != null && before == verdict) {
            return;
        }
        FeedbackCounts change = new FeedbackCounts((verdict ? 1L : 0L) - (Boolean.TRUE.equals(before) ? 1L : 0L), before == null ? 1L : 0L);
        answer.setVerdict(verdict);
        answered.put(record.key(), held);
        context.forward(new Record<>(FeedbackKey.of(answer.getTenantId(), answer.getTaskType(), answer.getComplexity(), answer.getModel()),
                change, record.timestamp()));
        context.forward(new Record<>(FeedbackKey.ofTenant(answer.getTenantId(), answer.getComplexity()), change, record.timestamp()));
    }

    /** The reason and the requestId only: a comment is the user's text, and stays out of logs. */
    private static void ignore(Feedback feedback, IgnoredFeedback.Reason reason) {
        IgnoredFeedback.count(reason);
        log.warn("feedback on {} ignored: {}", feedback.getRequestId(), reason.description());
    }
}
