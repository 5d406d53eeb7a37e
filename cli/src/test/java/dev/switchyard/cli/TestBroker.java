package dev.switchyard.cli;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker of the integration tests: spring-kafka-test's embedded KRaft broker by
 * default, or the official apache/kafka image through Testcontainers when
 * {@code -Dswitchyard.it.broker=testcontainers} (or {@code SWITCHYARD_IT_BROKER=testcontainers})
 * is set and a Docker engine is there. Both are configured alike: one node, transaction logs of
 * replication factor 1, no initial rebalance delay.
 */
interface TestBroker extends AutoCloseable {

    String SWITCH = "switchyard.it.broker";

    String bootstrapServers();

    @Override
    void close();

    static TestBroker start(int partitions) {
        String wanted = System.getProperty(SWITCH, System.getenv().getOrDefault("SWITCHYARD_IT_BROKER", "embedded"));
        if (wanted.equals("testcontainers")) {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return new Container(partitions);
            }
            LoggerFactory.getLogger(TestBroker.class).warn("{}=testcontainers, but no Docker engine is reachable: "
                    + "using the embedded broker", SWITCH);
        }
        return new Embedded(partitions);
    }

    final class Embedded implements TestBroker {
        private final EmbeddedKafkaKraftBroker broker;

        Embedded(int partitions) {
            broker = new EmbeddedKafkaKraftBroker(1, partitions);
            broker.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
        }

        @Override
        public String bootstrapServers() {
            return broker.getBrokersAsString();
        }

        @Override
        public void close() {
            broker.destroy();
        }
    }

    final class Container implements TestBroker {
        private static final Logger log = LoggerFactory.getLogger(Container.class);
        private final KafkaContainer kafka;

        Container(int partitions) {
            kafka = new KafkaContainer("apache/kafka:4.2.1")
                    .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(partitions))
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                    .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                    .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            kafka.start();
            log.info("integration tests on Testcontainers' Kafka at {}", kafka.getBootstrapServers());
        }

        @Override
        public String bootstrapServers() {
            return kafka.getBootstrapServers();
        }

        @Override
        public void close() {
            kafka.stop();
        }
    }
}
