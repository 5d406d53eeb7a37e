package dev.switchyard.core.outcome;

import dev.switchyard.schema.LlmResult;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Puts docs/CONTRACT.md's headers on a result before a topology writes it to {@code llm.results}. */
public final class WithResultHeaders implements FixedKeyProcessor<String, LlmResult, LlmResult> {

    private FixedKeyProcessorContext<String, LlmResult> context;

    @Override
    public void init(FixedKeyProcessorContext<String, LlmResult> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, LlmResult> record) {
        context.forward(record.withHeaders(Results.headers(record.value())));
    }
}
