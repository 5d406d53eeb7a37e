package dev.switchyard.bench;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.schema.LlmRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends a workload from a thread of its own, at a rate (open loop), stamping each request's
 * {@code createdAtMs} as it goes and keeping the append of each measured one: its metadata
 * carries the broker's append time on a {@code LogAppendTime} topic.
 */
final class PacedSender {

    private PacedSender() {
    }

    /**
     * @param unmeasured     requests sent first and not measured
     * @param rate           requests per second, or 0 for all at once
     * @param atFirstMeasured runs on the sender's thread just before the first measured request
     * @param beforeSend     runs for each request once it is stamped, before it is sent
     * @param appends        receives the append of each request in {@code measured}
     */
    static Thread start(List<LlmRequest> workload, int unmeasured, int rate, RequestProducer producer, Set<String> measured,
                        Runnable atFirstMeasured, Consumer<LlmRequest> beforeSend, Map<String, Future<RecordMetadata>> appends) {
        return Thread.ofPlatform().name("bench-sender").start(() -> {
            Pacer pacer = new Pacer(rate);
            for (int i = 0; i < workload.size(); i++) {
                LlmRequest request = workload.get(i);
                pacer.awaitNext();
                if (i == unmeasured) {
                    atFirstMeasured.run();
                }
                request.setCreatedAtMs(Instant.now());
                beforeSend.accept(request);
                Future<RecordMetadata> append = producer.send(request);
                if (measured.contains(request.getRequestId())) {
                    appends.put(request.getRequestId(), append);
                }
            }
            producer.flush();
        });
    }
}
