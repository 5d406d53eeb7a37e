package dev.switchyard.core.deadletter;

import org.apache.kafka.common.header.Headers;

/** Turns a record's bytes into a value, or says precisely why it cannot. */
@FunctionalInterface
public interface RecordDecoder<V> {

    /** @throws UnreadableRecordException or any RuntimeException (read as UNREADABLE_RECORD) */
    V decode(String topic, Headers headers, byte[] value);
}
