package dev.switchyard.router.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.Complexity;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.Routing;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class DelayedAttemptsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    private final KeyValueStore<String, WorkItem> store = store();

    @Test
    void takesEachRetryOnceWhenItIsDue_earliestFirst() {
        DelayedAttempts delayed = new DelayedAttempts(store);
        delayed.add(T0.plusMillis(900), work("late"));
        delayed.add(T0.plusMillis(250), work("early"));

        assertThat(delayed.takeDue(T0.plusMillis(249))).isEmpty();
        assertThat(ids(delayed.takeDue(T0.plusMillis(250)))).containsExactly("early");
        assertThat(delayed.takeDue(T0.plusMillis(899))).isEmpty();
        assertThat(ids(delayed.takeDue(T0.plusSeconds(5)))).containsExactly("late");
        assertThat(delayed.takeDue(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aRetryAddedBeforeTheEarliestOneIsTakenAtItsOwnTime() {
        DelayedAttempts delayed = new DelayedAttempts(store);
        delayed.add(T0.plusSeconds(10), work("later"));
        delayed.takeDue(T0.plusSeconds(1));
        delayed.add(T0.plusSeconds(2), work("sooner"));

        assertThat(ids(delayed.takeDue(T0.plusSeconds(2)))).containsExactly("sooner");
    }

    @Test
    void retriesInTheStoreWhenATaskStartsAreTakenWhenDue() {
        new DelayedAttempts(store).add(T0.plusSeconds(3), work("restored"));

        // A task that starts again (after a crash or a rebalance) finds its store restored.
        DelayedAttempts afterRestart = new DelayedAttempts(store);

        assertThat(afterRestart.takeDue(T0.plusSeconds(2))).isEmpty();
        assertThat(ids(afterRestart.takeDue(T0.plusSeconds(3)))).containsExactly("restored");
    }

    @Test
    void aCheckBeforeTheEarliestDueTimeReadsNoStore() {
        AtomicInteger reads = new AtomicInteger();
        @SuppressWarnings("unchecked")
        KeyValueStore<String, WorkItem> counted = (KeyValueStore<String, WorkItem>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("range") || method.getName().equals("all")) {
                        reads.incrementAndGet();
                    }
                    return method.invoke(store, args);
                });
        DelayedAttempts delayed = new DelayedAttempts(counted);
        delayed.add(T0.plusSeconds(1), work("r"));
        int atStart = reads.get();

        for (int i = 0; i < 100; i++) {
            delayed.takeDue(T0.plusMillis(i * 5));
        }

        assertThat(reads.get()).isEqualTo(atStart);
    }

    private static List<String> ids(List<WorkItem> work) {
        return work.stream().map(w -> w.getRequest().getRequestId()).toList();
    }

    private static KeyValueStore<String, WorkItem> store() {
        KeyValueStore<String, WorkItem> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("delayed"),
                Serdes.String(), Topics.defaults().workItemSerde()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static WorkItem work(String requestId) {
        LlmRequest request = LlmRequest.newBuilder().setRequestId(requestId).setTenantId("acme").setMaxOutputTokens(50)
                .setMessages(List.of(Messages.text("user", "hello"))).build();
        Routing routing = Routing.newBuilder().setStrategy(Strategy.COST).setTaskType("chat").setComplexity(Complexity.SIMPLE)
                .setReason("test").setEstimatedCostNanoUsd(1).build();
        return WorkItem.newBuilder().setRequest(request).setRouting(routing).setProvider("openai").setModel("gpt-4o-mini")
                .setAttempt(2).setRoutedAtMs(T0).build();
    }
}
