package dev.switchyard.core.deadletter;

import org.apache.kafka.common.header.Headers;

/** Turns a record's bytes into a value, or says precisely why it cannot. */
@FunctionalInterface
public interface RecordDecoder<V> {

    /**
     * @param value null for a tombstone; a decoder that returns null for it sends it to the
     *              dead-letter topic
     * @throws UnreadableRecordException or any RuntimeException (read as UNREADABLE_RECORD)
     */
    V decode(String topic, Headers headers, byte[] value);

    /** A decoder that also checks the record's key, e.g. that it names a budget owner. */
    @FunctionalInterface
    interface WithKey<V> {
        V decode(String topic, String key, Headers headers, byte[] value);
    }
}
