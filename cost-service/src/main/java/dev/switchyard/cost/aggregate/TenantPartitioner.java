package dev.switchyard.cost.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every key of one tenant on one partition, so that one instance answers a tenant's
 * queries from one local store, with one prefix scan. Hashing is the producer's default
 * (murmur2 of the UTF-8 bytes), applied to the tenant alone. Upstream pre-aggregation keeps a
 * large tenant from making its partition hot: what reaches it is one delta per key and commit,
 * not one per event.
 */
public final class TenantPartitioner<V> implements StreamPartitioner<String, V> {

    private final Function<String, String> tenantOfKey;

    public TenantPartitioner(Function<String, String> tenantOfKey) {
        this.tenantOfKey = tenantOfKey;
    }

    public int partition(String key, int numPartitions) {
        byte[] tenant = tenantOfKey.apply(key).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(tenant)) % numPartitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
        return Optional.of(Set.of(partition(key, numPartitions)));
    }
}
