package dev.switchyard.core.kafka;

import dev.switchyard.schema.serde.SchemaIds;
import dev.switchyard.schema.topic.Topics;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How every Switchyard process reaches Kafka: one place for client settings, so that the
 * durability choices below hold in every service.
 *
 * @param topicPrefix          the optional common prefix of every topic name
 * @param schemaRegistryUrl    a Confluent-compatible registry; blank means the built-in id manifest
 * @param provisionPartitions  when above 0, a service creates the topics it needs that are
 *                             missing, with this many partitions, before it starts (as in
 *                             docker-compose); 0 leaves topics to the operator
 * @param replicationFactor    of topics a service creates
 * @param connection           how every client of the process authenticates and encrypts:
 *                             {@code security.protocol}, {@code ssl.*} and {@code sasl.*} client
 *                             properties ({@link KafkaConnection}); services take them from Spring
 *                             Boot's {@code spring.kafka.*}, the CLI from a client properties file
 */
@ConfigurationProperties("switchyard.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("") String topicPrefix,
        @DefaultValue("") String schemaRegistryUrl,
        @DefaultValue("0") int provisionPartitions,
        @DefaultValue("1") short replicationFactor,
        KafkaConnection connection) {

    @ConstructorBinding
    public KafkaSettings {
        connection = connection == null ? KafkaConnection.PLAINTEXT : connection;
    }

    /** Settings of a client that creates no topics. */
    public KafkaSettings(String bootstrapServers, String topicPrefix, String schemaRegistryUrl) {
        this(bootstrapServers, topicPrefix, schemaRegistryUrl, 0, (short) 1, KafkaConnection.PLAINTEXT);
    }

    /** These settings, with every client connecting as {@code connection} says. */
    public KafkaSettings with(KafkaConnection connection) {
        return new KafkaSettings(bootstrapServers, topicPrefix, schemaRegistryUrl, provisionPartitions, replicationFactor, connection);
    }

    /** The bootstrap servers and how to reach them: what every client's properties start from. */
    private Properties base() {
        Properties props = new Properties();
        props.putAll(connection.properties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    public Topics topics() {
        return new Topics(topicPrefix, SchemaIds.fromConfig(schemaRegistryUrl));
    }

    /**
     * The first backoff of a transactional producer's retries; the client's default is 100 ms.
     * A transaction's writes can come back retriable while the broker still completes the
     * producer's previous transaction (its markers take a few milliseconds after each commit),
     * and each record of a retried write then waits out the backoff: in one router benchmark run
     * at the default, a stream thread's producer retried 112 records, its slowest request taking
     * 183 ms. Later retries still back off exponentially, up to {@code retry.backoff.max.ms}.
     */
    static final int TRANSACTIONAL_RETRY_BACKOFF_MS = 5;

    /**
     * Streams apps run exactly-once (v2): a request is routed, and a usage event counted, once
     * per input record even when a task crashes mid-way. The commit interval bounds the latency
     * each transactional hop adds (100 ms by default under exactly-once): a read_committed reader
     * sees a hop's output only after its commit.
     */
    public Properties streams(String applicationId, String stateDir, long commitIntervalMs) {
        Properties props = base();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, topicPrefix + applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Our topologies merge several input topics whose relative order carries no meaning, so a
        // task never waits for an empty input partition to catch up before processing the others.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Streams members do not leave their group on close, so a restarted instance waits for
        // its predecessor's session to expire: 10 s rather than the default 45 s.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        // A lost broker connection or a slow rebalance must not kill a stream thread.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), Integer.MAX_VALUE);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), TRANSACTIONAL_RETRY_BACKOFF_MS);
        return props;
    }

    /** Idempotent, fully acknowledged: a result or usage event, once acked, survives a broker loss. */
    public Properties producer(String clientId) {
        Properties props = base();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * A producer whose writes and consumed offsets commit together (KIP-447). The id only needs
     * to be unique per producer: fencing of a zombie comes from the consumer group generation.
     */
    public Properties transactionalProducer(String clientId) {
        Properties props = producer(clientId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topicPrefix + clientId + "-" + java.util.UUID.randomUUID());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, TRANSACTIONAL_RETRY_BACKOFF_MS);
        return props;
    }

    /**
     * Manual commits only, and read_committed: a consumer never sees what a Streams transaction
     * later aborts, so it never acts on a request that was not really routed.
     */
    public Properties consumer(String groupId, String clientId) {
        Properties props = base();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topicPrefix + groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A crashed member's partitions move to a live one within 10 s rather than the default 45 s:
        // its requests wait that long.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /**
     * A {@link #consumer} on a request's path, reading what exactly-once hops wrote (executors
     * reading routed work, batch pipelines reading results): it asks the broker to answer a fetch
     * within {@link #PROMPT_FETCH_WAIT_MS} rather than Kafka's 500 ms. A fetch that waits while a
     * transaction is open is not always answered when the transaction commits; with 500 ms, the
     * p99 from a routed record becoming readable to its executor's call was 260-300 ms at 50
     * requests/s, and 15-19 ms with 50 (BENCHMARKS.md). The cost: an idle consumer asks twenty
     * times a second.
     */
    public Properties promptConsumer(String groupId, String clientId) {
        Properties props = consumer(groupId, clientId);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, PROMPT_FETCH_WAIT_MS);
        return props;
    }

    private static final int PROMPT_FETCH_WAIT_MS = 50;

    public Properties admin() {
        return base();
    }
}
