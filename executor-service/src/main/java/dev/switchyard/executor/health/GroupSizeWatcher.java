package dev.switchyard.executor.health;

import dev.switchyard.core.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each provider's limits how many executors share them: the live members of the
 * provider's consumer group, asked of the brokers at start and then periodically.
 */
public final class GroupSizeWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupSizeWatcher.class);

    private final Admin admin;
    private final Map<String, ProviderLimits> limitsByGroup;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("group-size-watcher").daemon().factory());

    /** @param limitsByGroup each provider's limits, by the id of the provider's consumer group */
    public GroupSizeWatcher(KafkaSettings kafka, Map<String, ProviderLimits> limitsByGroup, Duration interval) {
        this.admin = Admin.create(kafka.admin());
        this.limitsByGroup = Map.copyOf(limitsByGroup);
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.copyOf(limitsByGroup.keySet()))
                    .all().get(10, TimeUnit.SECONDS);
            groups.forEach((group, description) -> limitsByGroup.get(group).members(description.members().size()));
        } catch (Exception e) {
            // Keep the last split: a brief broker hiccup must not widen or narrow the limits.
            log.debug("could not count executor group members: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
