package dev.switchyard.core.deadletter;

import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.schema.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry of every topology: reads a topic as raw bytes, so that no record can fail the
 * stream thread's deserialization, and sends what cannot be decoded to {@code llm.dlq} with its
 * original key and value bytes and the reason headers. Decoding here rather than in a
 * deserialization exception handler keeps the precise reason and source offset in one place.
 */
public final class DecodeOrDeadLetter {

    private static final Logger log = LoggerFactory.getLogger(DecodeOrDeadLetter.class);

    private DecodeOrDeadLetter() {
    }

    /** The decoded records of {@code source}, keyed by their UTF-8 key (which may be null). */
    public static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<?, ?> source, RecordDecoder<V> decoder,
                                                Topic<byte[], byte[]> deadLetters) {
        return stream(builder, source, (RecordDecoder.WithKey<V>) (topic, key, headers, value) -> decoder.decode(topic, headers, value),
                deadLetters);
    }

    /** As {@link #stream(StreamsBuilder, Topic, RecordDecoder, Topic)}, with a decoder that sees the key too. */
    public static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<?, ?> source, RecordDecoder.WithKey<V> decoder,
                                                Topic<byte[], byte[]> deadLetters) {
        KStream<String, Decoded<V>> decoded = builder
                .stream(source.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-" + source.name()))
                .process(() -> new DecodeProcessor<>(decoder), Named.as("decode-" + source.name()));
        decoded.filter((key, record) -> record.value() == null, Named.as("unreadable-" + source.name()))
                .map((key, record) -> org.apache.kafka.streams.KeyValue.pair(record.rawKey(), record.rawValue()),
                        Named.as("restore-original-bytes-" + source.name()))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde()));
        return decoded.filter((key, record) -> record.value() != null, Named.as("readable-" + source.name()))
                .mapValues(Decoded::value, Named.as("decoded-" + source.name()));
    }

    /** A decoded value, or (value == null) the original bytes bound for the dead-letter topic. */
    record Decoded<V>(V value, byte[] rawKey, byte[] rawValue) {
    }

    private static final class DecodeProcessor<V> implements Processor<byte[], byte[], String, Decoded<V>> {
        private final RecordDecoder.WithKey<V> decoder;
        private ProcessorContext<String, Decoded<V>> context;

        DecodeProcessor(RecordDecoder.WithKey<V> decoder) {
            this.decoder = decoder;
        }

        @Override
        public void init(ProcessorContext<String, Decoded<V>> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            Optional<RecordMetadata> where = context.recordMetadata();
            String topic = where.map(RecordMetadata::topic).orElse("unknown");
            ErrorCode code;
            String message;
            try {
                V value = decoder.decode(topic, key, record.headers(), record.value());
                if (value != null) {
                    // Input headers (content-type...) describe the input bytes, not what we write downstream.
                    context.forward(record.withKey(key).withValue(new Decoded<>(value, null, null)).withHeaders(new RecordHeaders()));
                    return;
                }
                code = ErrorCode.UNREADABLE_RECORD;
                message = record.value() == null ? "null value (tombstone) where a record is required" : "decoded to nothing";
            } catch (UnreadableRecordException e) {
                code = e.code();
                message = e.getMessage();
            } catch (RuntimeException e) {
                code = ErrorCode.UNREADABLE_RECORD;
                message = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            int partition = where.map(RecordMetadata::partition).orElse(-1);
            long offset = where.map(RecordMetadata::offset).orElse(-1L);
            log.warn("dead-lettering {}-{}@{}: {} {}", topic, partition, offset, code, message);
            context.forward(record.withKey(key)
                    .withValue(new Decoded<V>(null, record.key(), record.value()))
                    .withHeaders(DeadLetters.reasonHeaders(record.headers(), code, message, topic, partition, offset)));
        }
    }
}
