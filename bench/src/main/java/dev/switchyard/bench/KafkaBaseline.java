package dev.switchyard.bench;

import dev.switchyard.cli.client.LatencyStats;
import dev.switchyard.core.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The raw Kafka baseline the pipeline is measured against: the same number of same-size
 * records, produced with the same producer settings, to a topic with the same partitions, and
 * consumed at the same time by one read_committed consumer.
 */
final class KafkaBaseline {

    record Outcome(int records, double seconds, LatencyStats latency) {
        double perSecond() {
            return records / seconds;
        }
    }

    private KafkaBaseline() {
    }

    /** The services' producer settings; paced, records go out one by one, as the pipeline bench sends its requests. */
    private static Properties producerProps(KafkaSettings kafka, int rate) {
        Properties props = kafka.producer("bench-baseline");
        if (rate > 0) {
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        }
        return props;
    }

    /** @param rate records per second, or 0 for all at once */
    static Outcome run(KafkaSettings kafka, int records, int recordBytes, int partitions, int rate) throws Exception {
        String topic = "switchyard.bench.baseline-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties consumerProps = kafka.promptConsumer("unused", "bench-baseline");
        consumerProps.remove("group.id");
        LatencyStats latency = new LatencyStats();
        byte[] payload = new byte[recordBytes];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(kafka, rate))) {
            List<TopicPartition> assigned = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            assigned.forEach(consumer::position);
            Thread sender = Thread.ofPlatform().start(() -> {
                Pacer pacer = new Pacer(rate);
                for (int i = 0; i < records; i++) {
                    pacer.awaitNext();
                    // The record timestamp is the send time: consume time minus it is end-to-end latency.
                    producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), Integer.toString(i).getBytes(), payload));
                }
                producer.flush();
            });
            long start = System.nanoTime();
            int received = 0;
            while (received < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    latency.recordMillis(System.currentTimeMillis() - record.timestamp());
                    received++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sender.join();
            return new Outcome(records, seconds, latency);
        } finally {
            try (Admin admin = Admin.create(kafka.admin())) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

}
