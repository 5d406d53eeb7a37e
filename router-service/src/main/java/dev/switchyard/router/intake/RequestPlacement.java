package dev.switchyard.router.intake;

import dev.switchyard.schema.internal.RouterCommand;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Whether a request command is on the partition its requestId belongs to: keyed by the
 * requestId, on the partition Kafka's default partitioner gives that key (murmur2 of its UTF-8
 * bytes), which is where the repartition by requestId would put it too.
 */
final class RequestPlacement implements FixedKeyProcessor<String, RouterCommand, RequestPlacement.Placed> {

    record Placed(RouterCommand command, boolean onItsPartition) {
    }

    private final int partitions;
    private FixedKeyProcessorContext<String, Placed> context;

    RequestPlacement(int partitions) {
        this.partitions = partitions;
    }

    /** The partition Kafka's default partitioner writes a record with this requestId as key to. */
    static int partitionOf(String requestId, int partitions) {
        return Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Placed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, RouterCommand> record) {
        String requestId = record.value().getRequest().getRequestId();
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        boolean placed = requestId.equals(record.key()) && partition == partitionOf(requestId, partitions);
        context.forward(record.withValue(new Placed(record.value(), placed)));
    }
}
