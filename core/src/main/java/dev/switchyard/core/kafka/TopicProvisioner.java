package dev.switchyard.core.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a deployment needs; existing topics are left as they are. */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /** What a service does before it starts, when {@code switchyard.kafka.provision-partitions} is set. */
    public static void ensureIfConfigured(KafkaSettings settings, Collection<String> providerIds) {
        if (settings.provisionPartitions() > 0) {
            ensure(settings, providerIds, settings.provisionPartitions());
        }
    }

    public static void ensure(KafkaSettings settings, Collection<String> providerIds, int partitions) {
        List<NewTopic> wanted = settings.topics().definitions(providerIds, partitions, settings.replicationFactor());
        try (Admin admin = Admin.create(settings.admin())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
