package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.ProviderKind;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.kafka.KafkaSettings;
import dev.switchyard.executor.health.GroupSizeWatcher;
import dev.switchyard.executor.health.ProviderLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * The account's limits hold across executor instances: the watcher counts the live members of a
 * provider's consumer group on a real broker, and each instance's buckets shrink to its share.
 */
class GroupSizeWatcherEndToEndTest {

    private static final String GROUP = "switchyard-executor-acme";

    @Test
    void eachMemberOfTheGroupTakesItsShareOfTheAccountsLimit() throws Exception {
        try (TestBroker broker = TestBroker.start(2)) {
            KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), "", "");
            try (Admin admin = Admin.create(kafka.admin())) {
                admin.createTopics(List.of(new NewTopic("llm.work.acme", 2, (short) 1))).all().get();
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> members = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                members.add(Thread.ofPlatform().start(() -> {
                    Properties props = kafka.consumer("executor-acme", "member");
                    props.put("group.id", GROUP);
                    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                        consumer.subscribe(List.of("llm.work.acme"));
                        while (running.get()) {
                            consumer.poll(Duration.ofMillis(100));
                        }
                    }
                }));
            }
            // 6 requests/minute is 360 an hour: with two members, 180 for this instance.
            ProviderLimits limits = new ProviderLimits(new ProviderSpec("acme", ProviderKind.OPENAI_COMPATIBLE, "http://x", null, 6,
                    1_000_000), Duration.ofHours(1), Duration.ZERO);
            try (GroupSizeWatcher watcher = new GroupSizeWatcher(kafka, Map.of(GROUP, limits), Duration.ofMillis(200))) {
                // Until the watcher has counted both members: the group forms, and the watcher's next round sees it,
                // at the machine's pace (a fixed wait after the group formed was too short on a busy machine).
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (limits.members() != 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(limits.members()).as("members the watcher counted").isEqualTo(2);
                int granted = 0;
                while (limits.acquire(10) && granted < 1000) {
                    granted++;
                }
                assertThat(granted).isEqualTo(180);
            } finally {
                running.set(false);
                for (Thread member : members) {
                    member.join();
                }
            }
        }
    }
}
