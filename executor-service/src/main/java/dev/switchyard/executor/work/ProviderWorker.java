package dev.switchyard.executor.work;

import dev.switchyard.core.deadletter.DeadLetters;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.executor.adapter.ProviderAdapter;
import dev.switchyard.executor.metrics.ExecutorMetrics;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's consumer: polls its work topics on one platform thread and runs each call on a
 * virtual thread. Outcomes are written in consumption order, in transactions that also commit
 * the consumed offsets (KIP-447), so a crash or a rebalance never loses a request and never
 * writes a result twice: what was not committed is redone, its earlier writes aborted. At
 * {@link WorkerOptions#maxInFlight()} calls, or {@link WorkerOptions#maxHeld()} records not yet written, it pauses
 * its partitions, so nothing buffers without bound
 * and the poll loop keeps the group membership alive.
 */
public final class ProviderWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProviderWorker.class);

    private final String provider;
    private final Topic<String, WorkItem> workTopic;
    private final Topic<String, WorkItem> priorityTopic;
    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ProviderAdapter adapter;
    private final AttemptRunner runner;
    private final WorkerOptions options;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final OffsetTracker offsets = new OffsetTracker();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    /** Set while the poll thread waits in {@code poll}: a finished call then wakes it to write its outcome at once. */
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Thread pollThread;
    private volatile boolean stopping;
    private boolean full;
    /** Read by the metrics scrape, which must not touch the consumer: it is not thread-safe. */
    private volatile int pausedPartitions;
    private boolean priorityBacklog;
    /** Whether the open transaction holds written outcomes; read by finished calls, written by the poll thread. */
    private volatile boolean transactionHasWork;
    private long lastCommitNanos = System.nanoTime();
    private long lastCommitTookNanos;
    /** Offsets of what the open transaction wrote, committed with it. */
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new java.util.HashMap<>();

    private final Runnable removeClientMeters;

    private record Done(TopicPartition partition, long offset, List<ProducerRecord<byte[], byte[]>> outcome) {
    }

    ProviderWorker(String provider, KafkaSettings kafka, Topics topics, ProviderAdapter adapter, AttemptRunner runner,
                   WorkerOptions options, ExecutorMetrics metrics) {
        this.provider = provider;
        this.topics = topics;
        this.workTopic = topics.work(provider);
        this.priorityTopic = topics.priorityWork(provider);
        this.adapter = adapter;
        this.runner = runner;
        this.options = options;
        Properties props = kafka.promptConsumer(groupId(provider), "executor-" + provider);
        // Never take more in one poll than the in-flight bound leaves room for.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.pollSize());
        this.consumer = new KafkaConsumer<>(props);
        this.producer = new KafkaProducer<>(kafka.transactionalProducer("switchyard-executor-" + provider));
        this.removeClientMeters = metrics.kafkaClients(provider, consumer, producer);
        this.pollThread = Thread.ofPlatform().name("executor-" + provider).unstarted(this::pollLoop);
    }

    /** The consumer group of a provider's executors (before the topic prefix). */
    public static String groupId(String provider) {
        return "switchyard-executor-" + provider;
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
        producer.initTransactions();
        producer.beginTransaction();
        consumer.subscribe(List.of(priorityTopic.name(), workTopic.name()), new Rebalance());
        try {
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = poll();
                priorityBacklog = records.records(priorityTopic.name()).iterator().hasNext();
                records.forEach(this::dispatch);
                settleDone();
                releaseInOrder(consumer.assignment());
                applyBackpressure();
                commitIfDue(false);
            }
            drain(consumer.assignment(), options.shutdownGrace());
            releaseInOrder(consumer.assignment());
            commitIfDue(true);
        } catch (WakeupException e) {
            // close() woke us up: what was not committed is redone by the next owner.
        } catch (RuntimeException e) {
            log.error("worker for {} stopped on an unexpected error; uncommitted work will be redone", provider, e);
        } finally {
            removeClientMeters.run();
            closeConsumer();
            if (!transactionHasWork) {
                abortEmptyTransaction(); // else close() spends its whole timeout on it
            }
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Waits for work up to {@link #POLL_WAIT}, until the open transaction's commit is due, or not
     * at all while finished calls wait to be written. A call that finishes meanwhile wakes the
     * wait ({@link #finished}), so that its outcome is written, and committed as soon as the
     * commit interval allows, rather than after the rest of the wait.
     */
    private ConsumerRecords<byte[], byte[]> poll() {
        polling.set(true);
        // Checked after the flag is up: a call that finished before it saw the flag woke no one.
        Duration wait = done.isEmpty() ? untilCommitDue() : Duration.ZERO;
        try {
            return consumer.poll(wait);
        } catch (WakeupException e) {
            if (stopping) {
                throw e; // close() woke it
            }
            return ConsumerRecords.empty();
        } finally {
            polling.set(false);
        }
    }

    /** Long enough not to spin while idle; a finished call or new work ends it early. */
    private static final Duration POLL_WAIT = Duration.ofMillis(100);

    /** What is left of the commit interval while written outcomes wait for their commit, else {@link #POLL_WAIT}. */
    private Duration untilCommitDue() {
        if (!transactionHasWork) {
            return POLL_WAIT;
        }
        long left = commitFloorNanos() - (System.nanoTime() - lastCommitNanos);
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(left, POLL_WAIT.toNanos()));
    }

    /**
     * Hands a finished call's outcome to the poll thread, and wakes it when no written outcome
     * waits for a commit yet: the first outcome after a commit starts the next one's countdown;
     * the poll wakes by itself when that commit is due and takes every outcome finished by then.
     * Waking for each call instead cost a loaded executor a sixth of its calls per second
     * (3,427 against 4,102 steady in BENCHMARKS.md's executor run).
     */
    private void finished(Done outcome) {
        done.add(outcome);
        // One waker at a time. A wakeup that lands just after poll returned is spent by the next
        // poll, which then returns at once; the only other blocking call, committed(), retries.
        if (!stopping && !transactionHasWork && polling.compareAndSet(true, false)) {
            consumer.wakeup();
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        WorkItem item;
        try {
            item = workTopic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            offsets.completed(partition, record.offset(), List.of(deadLetter(record, ErrorCode.UNREADABLE_RECORD, e)));
            return;
        }
        running.incrementAndGet();
        calls.submit(() -> {
            List<ProducerRecord<byte[], byte[]>> outcome;
            try {
                outcome = runner.run(item, adapter);
            } catch (RuntimeException e) {
                // Never leave an offset without an outcome: that would stall the partition.
                log.error("cannot process {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
                outcome = List.of(deadLetter(record, ErrorCode.PROCESSING_FAILED, e));
            } finally {
                running.decrementAndGet();
            }
            finished(new Done(partition, record.offset(), outcome));
        });
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, ErrorCode code, RuntimeException e) {
        log.warn("dead-lettering {}-{}@{}: {} {}", record.topic(), record.partition(), record.offset(), code, e.getMessage());
        return new ProducerRecord<>(topics.deadLetters.name(), null, record.key(), record.value(),
                DeadLetters.reasonHeaders(record.headers(), code, String.valueOf(e.getMessage()),
                        record.topic(), record.partition(), record.offset()));
    }

    private void settleDone() {
        for (Done finished = done.poll(); finished != null; finished = done.poll()) {
            offsets.completed(finished.partition(), finished.offset(), finished.outcome());
        }
    }

    /** Sends, inside the open transaction, every outcome whose predecessors are all written. */
    private void releaseInOrder(Collection<TopicPartition> partitions) {
        for (OffsetTracker.Released released : offsets.release(partitions)) {
            released.records().forEach(producer::send);
            pendingOffsets.put(released.partition(), released.commit());
            transactionHasWork = true;
        }
    }

    /**
     * Pauses every partition when a further poll could overshoot the bound of running calls or
     * of records held until their outcome is written; otherwise
     * pauses the normal work topic while the high-priority one still yields records, so that high
     * priority drains first.
     */
    private void applyBackpressure() {
        full = !options.roomForAPoll(running.get(), offsets.held());
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
        pausedPartitions = consumer.paused().size();
    }

    public int pausedPartitions() {
        return pausedPartitions;
    }

    /**
     * The least time between two commits: the configured interval, or four times what the last
     * commit took, whichever is longer (group commit). An idle executor commits a finished call's
     * outcome within the interval; a loaded one, whose commits take longer on a busy broker,
     * spends at most a fifth of its time committing and puts more outcomes in each transaction,
     * rather than slowing every call with commits that each carry a few.
     */
    private long commitFloorNanos() {
        return Math.min(MAX_COMMIT_FLOOR_NANOS, Math.max(options.commitInterval().toNanos(), 4 * lastCommitTookNanos));
    }

    private static final long MAX_COMMIT_FLOOR_NANOS = Duration.ofMillis(100).toNanos();

    /** Commits the open transaction, with the offsets of what it wrote, when due; then opens the next. */
    private void commitIfDue(boolean now) {
        if (!transactionHasWork || (!now && System.nanoTime() - lastCommitNanos < commitFloorNanos())) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        try {
            producer.sendOffsetsToTransaction(Map.copyOf(pendingOffsets), consumer.groupMetadata());
            producer.commitTransaction();
            lastCommitTookNanos = System.nanoTime() - lastCommitNanos;
        } catch (ProducerFencedException | InvalidProducerEpochException | CommitFailedException e) {
            // Another instance owns these partitions now; it redoes what this transaction held.
            log.warn("worker for {} lost its partitions while committing: {}", provider, e.toString());
            abortAndRewind();
            return;
        } catch (KafkaException e) {
            log.warn("worker for {} could not commit; the uncommitted work will be redone: {}", provider, e.toString());
            abortAndRewind();
            return;
        } finally {
            pendingOffsets.clear();
            transactionHasWork = false;
        }
        producer.beginTransaction();
    }

    /** Aborts what the transaction wrote and goes back to the last committed offsets to redo it. */
    private void abortAndRewind() {
        try {
            producer.abortTransaction();
            producer.beginTransaction();
        } catch (KafkaException e) {
            log.error("worker for {} cannot abort its transaction; stopping so that a fresh instance takes over", provider, e);
            stopping = true;
            return;
        }
        Collection<TopicPartition> assigned = consumer.assignment();
        offsets.forget(offsets.tracked());
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(java.util.Set.copyOf(assigned));
        } catch (WakeupException e) {
            committed = consumer.committed(java.util.Set.copyOf(assigned)); // a finished call's wakeup, spent
        }
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    /** Waits, bounded, for the running calls of these partitions to finish. */
    private void drain(Collection<TopicPartition> partitions, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        settleDone();
        while (offsets.running(partitions) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            settleDone();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            // Finish and write what we hold before another instance takes it over, so it is not called twice.
            drain(revoked, options.shutdownGrace());
            releaseInOrder(revoked);
            commitIfDue(true);
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

    private void closeConsumer() {
        try {
            consumer.close();
        } catch (WakeupException e) {
            consumer.close(); // a finished call's wakeup, spent
        }
    }

    private void abortEmptyTransaction() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            log.debug("worker for {}: no empty transaction to abort: {}", provider, e.getMessage());
        }
    }

    /** Begins a graceful stop without waiting for it: several workers then stop side by side. */
    public void stopAsync() {
        stopping = true;
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
