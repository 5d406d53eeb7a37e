package dev.switchyard.core.testing;

import dev.switchyard.schema.topic.Topic;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** Test topics of a TopologyTestDriver, typed by the topic registry, as the services use them. */
public final class TopologyTopics {

    private TopologyTopics() {
    }

    public static <K, V> TestInputTopic<K, V> input(TopologyTestDriver driver, Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(),
                Instant.parse("2026-11-21T12:00:00Z"), java.time.Duration.ZERO);
    }

    /** Raw bytes in, for what no serializer would write: garbage, JSON, tombstones. */
    public static TestInputTopic<byte[], byte[]> rawInput(TopologyTestDriver driver, Topic<?, ?> topic) {
        return driver.createInputTopic(topic.name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    }

    public static <K, V> TestOutputTopic<K, V> output(TopologyTestDriver driver, Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
