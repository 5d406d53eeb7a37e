package dev.switchyard.cost.aggregate;

import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.CostWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each event into its aggregate deltas, deciding which window a late event lands in.
 *
 * <p>A window closes {@code grace} after its end, measured in stream time (the latest record
 * timestamp of the task, which Kafka Streams keeps across restarts). An event for a window
 * still open is counted in it. An event for a closed window is counted in the window of the same
 * kind that is open now, as card and cloud billing book late usage in the current period:
 * closed windows never change after analysts have read them, and yet every billed attempt is
 * counted, so the sum over all windows stays exact.
 */
public final class WindowedDeltas<V> implements Processor<String, V, String, CostAggregate> {

    private final Duration grace;
    private final Function<V, CostEvent> events;
    private ProcessorContext<String, CostAggregate> context;

    public WindowedDeltas(Duration grace, Function<V, CostEvent> events) {
        this.grace = grace;
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, CostAggregate> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, V> record) {
        CostEvent event = events.apply(record.value());
        Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), record.timestamp()));
        for (KeyValue<String, CostAggregate> delta : CostDeltas.of(event, window -> windowFor(window, event.at(), now))) {
            context.forward(record.withKey(delta.key).withValue(delta.value));
        }
    }

    private Instant windowFor(CostWindow window, Instant at, Instant now) {
        Instant start = CostWindows.start(window, at);
        boolean closed = !CostWindows.end(window, start).plus(grace).isAfter(now);
        return closed ? CostWindows.start(window, now) : start;
    }
}
