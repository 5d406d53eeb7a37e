package dev.switchyard.cli.client;

import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.serde.RequestDeserializer;
import dev.switchyard.schema.topic.Topic;
import dev.switchyard.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Produces requests to {@code llm.requests} as an upstream system would: Avro, or JSON with its header. */
public final class RequestProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topic<String, LlmRequest> requests;

    public RequestProducer(KafkaSettings kafka) {
        this(kafka, kafka.producer("switchyard-cli"));
    }

    /**
     * One that sends each request at once rather than waiting up to its linger to fill a batch:
     * for paced latency measurements, where the wait would be the client's, not the router's.
     */
    public static RequestProducer unbatched(KafkaSettings kafka) {
        Properties props = kafka.producer("switchyard-cli");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new RequestProducer(kafka, props);
    }

    private RequestProducer(KafkaSettings kafka, Properties props) {
        this.producer = new KafkaProducer<>(props);
        Topics topics = kafka.topics();
        this.requests = topics.requests;
    }

    public Future<RecordMetadata> send(LlmRequest request) {
        String topic = requests.name();
        return producer.send(new ProducerRecord<>(topic,
                requests.keySerde().serializer().serialize(topic, request.getRequestId()),
                requests.valueSerde().serializer().serialize(topic, request)));
    }

    public Future<RecordMetadata> sendJson(String requestId, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDeserializer.CONTENT_TYPE_HEADER, "application/json".getBytes(StandardCharsets.UTF_8));
        return producer.send(new ProducerRecord<>(requests.name(), null,
                requestId == null ? null : requestId.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), headers));
    }

    public Future<RecordMetadata> sendRaw(byte[] key, byte[] value) {
        return producer.send(new ProducerRecord<>(requests.name(), key, value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
