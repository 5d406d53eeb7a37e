package dev.switchyard.executor.work;

import dev.switchyard.core.deadletter.DeadLetters;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.executor.adapter.ProviderAdapter;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topic;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's consumer: polls its work topic on one platform thread, runs each call on a
 * virtual thread, and commits a partition's offset only past records whose outcome is written.
 * At {@link WorkerOptions#maxInFlight()} it pauses its partitions, so nothing buffers without
 * bound and the poll loop keeps the group membership alive.
 */
public final class ProviderWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProviderWorker.class);

    private final String provider;
    private final Topic<String, WorkItem> workTopic;
    private final Topic<String, WorkItem> priorityTopic;
    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final ProviderAdapter adapter;
    private final AttemptRunner runner;
    private final WorkerOptions options;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final OffsetTracker offsets = new OffsetTracker();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final Thread pollThread;
    private volatile boolean stopping;
    private boolean full;
    private boolean priorityBacklog;
    private long lastCommitNanos = System.nanoTime();

    private record Done(TopicPartition partition, long offset) {
    }

    ProviderWorker(String provider, KafkaSettings kafka, Topics topics, Producer<byte[], byte[]> producer,
                          ProviderAdapter adapter, AttemptRunner runner, WorkerOptions options) {
        this.provider = provider;
        this.topics = topics;
        this.workTopic = topics.work(provider);
        this.priorityTopic = topics.priorityWork(provider);
        this.producer = producer;
        this.adapter = adapter;
        this.runner = runner;
        this.options = options;
        Properties props = kafka.consumer("switchyard-executor-" + provider, "executor-" + provider);
        // Never take more in one poll than the in-flight bound leaves room for.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(500, options.maxInFlight())));
        this.consumer = new KafkaConsumer<>(props);
        this.pollThread = Thread.ofPlatform().name("executor-" + provider).unstarted(this::pollLoop);
    }

    public void start() {
        pollThread.start();
    }

    public int inFlight() {
        return running.get();
    }

    public boolean isAlive() {
        return pollThread.isAlive();
    }

    private void pollLoop() {
        consumer.subscribe(List.of(priorityTopic.name(), workTopic.name()), new Rebalance());
        try {
            while (!stopping) {
                var records = consumer.poll(Duration.ofMillis(20));
                priorityBacklog = records.records(priorityTopic.name()).iterator().hasNext();
                records.forEach(this::dispatch);
                settleDone();
                applyBackpressure();
                commitIfDue(false);
            }
            drain(consumer.assignment(), options.shutdownGrace());
        } catch (WakeupException e) {
            // close() woke us up: fall through to the final commit.
        } catch (RuntimeException e) {
            log.error("worker for {} stopped on an unexpected error; uncommitted work will be redelivered", provider, e);
        } finally {
            commitIfDue(true);
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        WorkItem item;
        try {
            item = workTopic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            send(List.of(deadLetter(record, ErrorCode.UNREADABLE_RECORD, e)), partition, record.offset());
            return;
        }
        running.incrementAndGet();
        calls.submit(() -> {
            List<ProducerRecord<byte[], byte[]>> outcome;
            try {
                outcome = runner.run(item, adapter);
            } catch (RuntimeException e) {
                // Never leave an offset in flight forever: that would stall the partition.
                log.error("cannot process {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
                outcome = List.of(deadLetter(record, ErrorCode.PROCESSING_FAILED, e));
            } finally {
                running.decrementAndGet();
            }
            send(outcome, partition, record.offset());
        });
    }

    /** Marks the offset done once every record of its outcome is acknowledged by the brokers. */
    private void send(List<ProducerRecord<byte[], byte[]>> records, TopicPartition partition, long offset) {
        AtomicInteger pending = new AtomicInteger(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    // Left in flight: its offset is never committed, so a restart redoes it.
                    log.error("could not write {} for {}-{}@{}; it will be redone after a restart",
                            record.topic(), partition.topic(), partition.partition(), offset, error);
                } else if (pending.decrementAndGet() == 0) {
                    done.add(new Done(partition, offset));
                }
            });
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, ErrorCode code, RuntimeException e) {
        log.warn("dead-lettering {}-{}@{}: {} {}", record.topic(), record.partition(), record.offset(), code, e.getMessage());
        return new ProducerRecord<>(topics.deadLetters.name(), null, record.key(), record.value(),
                DeadLetters.reasonHeaders(record.headers(), code, String.valueOf(e.getMessage()),
                        record.topic(), record.partition(), record.offset()));
    }

    private void settleDone() {
        for (Done finished = done.poll(); finished != null; finished = done.poll()) {
            offsets.completed(finished.partition(), finished.offset());
        }
    }

    /**
     * Pauses every partition when a further poll could overshoot the in-flight bound; otherwise
     * pauses the normal work topic while the high-priority one still yields records, so that high
     * priority drains first.
     */
    private void applyBackpressure() {
        int pollSize = Math.min(500, options.maxInFlight());
        full = options.maxInFlight() - offsets.inFlight() < pollSize;
        pauseAsNeeded(consumer.assignment());
    }

    private void pauseAsNeeded(Collection<TopicPartition> partitions) {
        List<TopicPartition> pause = new java.util.ArrayList<>();
        List<TopicPartition> resume = new java.util.ArrayList<>();
        for (TopicPartition partition : partitions) {
            boolean normal = partition.topic().equals(workTopic.name());
            (full || (normal && priorityBacklog) ? pause : resume).add(partition);
        }
        consumer.pause(pause);
        consumer.resume(resume);
    }

    private void commitIfDue(boolean now) {
        if (!now && System.nanoTime() - lastCommitNanos < options.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        settleDone();
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.takeCommittable(consumer.assignment());
        if (committable.isEmpty()) {
            return;
        }
        if (now) {
            consumer.commitSync(committable);
        } else {
            consumer.commitAsync(committable, (committed, error) -> {
                if (error != null) {
                    log.warn("offset commit for {} failed; the next one will cover it: {}", provider, error.toString());
                }
            });
        }
    }

    /** Waits, bounded, for the calls of these partitions to finish and be written. */
    private void drain(Collection<TopicPartition> partitions, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (offsets.inFlight(partitions) > 0 && System.nanoTime() < deadline) {
            settleDone();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        settleDone();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            // Finish what we hold before another instance takes it over, so it is not called twice.
            drain(revoked, options.shutdownGrace());
            Map<TopicPartition, OffsetAndMetadata> committable = offsets.takeCommittable(revoked);
            if (!committable.isEmpty()) {
                consumer.commitSync(committable);
            }
            offsets.forget(revoked);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            pauseAsNeeded(assigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            offsets.forget(lost);
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            pollThread.join(options.shutdownGrace().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pollThread.isAlive()) {
            consumer.wakeup();
        }
        calls.shutdownNow();
    }
}
