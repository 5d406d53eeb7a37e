package dev.switchyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cli.client.RequestProducer;
import dev.switchyard.cli.client.TopicReader;
import dev.switchyard.core.stats.ModelStatsKey;
import dev.switchyard.executor.ExecutorApplication;
import dev.switchyard.executor.work.ProviderWorker;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.CircuitState;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.sim.Knobs;
import dev.switchyard.sim.SimServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two executor instances of one provider, on a real broker, and only one of them sees the
 * provider fail (it calls a provider-sim of its own, which answers 500 for one model). Its
 * breaker opens while the other's stays closed and keeps saying so: the router still avoids the
 * model. When the failing instance shuts down it deletes its reports, and the model is used again.
 */
class ExecutorInstancesEndToEndTest {

    private static final String FAILING = "claude-opus-4-1"; // QUALITY's first choice for chat
    private static final String TENANT = "two-executors";

    @Test
    void oneInstancesOpenBreakerIsNotHiddenByAnothersClosedOne() throws Exception {
        try (InProcessStack stack = new InProcessStack();
             SimServer broken = SimServer.start("127.0.0.1", 0, Knobs.defaults());
             TopicReader<String, ModelStats> stats = new TopicReader<>(stack.kafka, stack.topics.modelStats, true)) {
            broken.knobs().set(FAILING, Knobs.defaults().with(Map.of("errorRate", 1.0)));
            stack.startRouter("router-1");
            stack.startExecutor("--switchyard.executor.instance-id=healthy", "--switchyard.executor.stats-interval=200ms");
            // The healthy instance alone first, so that it has called the model, whatever partitions it gets later.
            awaitResults(stack, send(stack, "healthy-alone", 3));
            awaitReport(stats, "healthy", CircuitState.CLOSED, Instant.EPOCH);
            try (ConfigurableApplicationContext failing = startExecutorAt(stack, broken.baseUrl(), "failing")) {
                awaitMembers(stack, 2);

                List<String> warmUp = send(stack, "warm-up", 45);
                Instant opened = awaitReport(stats, "failing", CircuitState.OPEN, Instant.EPOCH);
                awaitReport(stats, "healthy", CircuitState.CLOSED, opened);

                // Both instances keep reporting, the healthy one last as often as not; either way the model stays out.
                List<String> avoided = send(stack, "avoided", 30);
                Map<String, LlmResult> results = awaitResults(stack, avoided);
                assertThat(results.values()).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                    assertThat(r.getAttempts()).extracting(Attempt::getModel).doesNotContain(FAILING);
                });
                assertThat(awaitResults(stack, warmUp).values()).as("the work the failing instance took fell back")
                        .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
                assertThat(broken.knobs().calls(FAILING)).as("the failing instance did see the provider fail").isPositive();
            }

            awaitDeleted(stats, "failing");
            boolean usedAgain = false;
            for (int round = 0; round < 10 && !usedAgain; round++) {
                usedAgain = awaitResults(stack, send(stack, "after-" + round, 3)).values().stream()
                        .anyMatch(r -> FAILING.equals(r.getModel()));
            }
            assertThat(usedAgain).as("with the failing instance gone, its open breaker no longer counts").isTrue();
        }
    }

    /** An executor of this stack that reaches its providers at {@code baseUrl} instead of the stack's provider-sim. */
    private static ConfigurableApplicationContext startExecutorAt(InProcessStack stack, String baseUrl, String instanceId) {
        List<String> args = new ArrayList<>(stack.executorArgs().stream()
                .filter(arg -> !arg.startsWith("--switchyard.executor.base-url-override=")).toList());
        args.addAll(List.of("--switchyard.executor.base-url-override=" + baseUrl,
                "--switchyard.executor.instance-id=" + instanceId, "--switchyard.executor.stats-interval=200ms"));
        return ExecutorApplication.application().web(WebApplicationType.NONE).run(args.toArray(String[]::new));
    }

    /** Until the anthropic group has this many members, each with partitions: both instances take work. */
    private static void awaitMembers(InProcessStack stack, int members) throws Exception {
        String group = stack.kafka.topicPrefix() + ProviderWorker.groupId("anthropic");
        try (Admin admin = Admin.create(stack.kafka.admin())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription description;
                try {
                    description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    Thread.sleep(100); // not formed yet: the executors are still joining
                    continue;
                }
                List<MemberDescription> all = List.copyOf(description.members());
                if (all.size() == members && all.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the anthropic group never had " + members + " members with partitions");
    }

    private static List<String> send(InProcessStack stack, String run, int count) {
        List<LlmRequest> requests = IntStream.range(0, count).mapToObj(i -> LlmRequest.newBuilder()
                .setRequestId(run + "-" + i).setTenantId(TENANT).setStrategy(Strategy.QUALITY).setMaxOutputTokens(32)
                .setMessages(List.of(Messages.text("user", "Hello there, how are you today? (" + run + " " + i + ")"))).build()).toList();
        try (RequestProducer producer = new RequestProducer(stack.kafka)) {
            requests.forEach(producer::send);
            producer.flush();
        }
        return requests.stream().map(LlmRequest::getRequestId).toList();
    }

    /** The result of each of these requests, read from the beginning of llm.results. */
    private static Map<String, LlmResult> awaitResults(InProcessStack stack, List<String> requestIds) {
        Set<String> wanted = Set.copyOf(requestIds);
        Map<String, LlmResult> results = new HashMap<>();
        try (TopicReader<String, LlmResult> reader = new TopicReader<>(stack.kafka, stack.topics.results, true)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (results.size() < wanted.size() && System.nanoTime() < deadline) {
                for (TopicReader.Entry<String, LlmResult> entry : reader.poll(Duration.ofMillis(100))) {
                    if (wanted.contains(entry.key())) {
                        results.putIfAbsent(entry.key(), entry.value());
                    }
                }
            }
        }
        assertThat(results.keySet()).as("a result for every request").isEqualTo(wanted);
        return results;
    }

    /** The time of the first report of the failing model by {@code instance} in {@code state} taken after {@code after}. */
    private static Instant awaitReport(TopicReader<String, ModelStats> stats, String instance, CircuitState state, Instant after) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (TopicReader.Entry<String, ModelStats> entry : stats.poll(Duration.ofMillis(100))) {
                ModelStats report = entry.value();
                if (entry.key().equals(ModelStatsKey.of(FAILING, instance)) && report != null && report.getCircuit() == state
                        && report.getUpdatedAtMs().isAfter(after)) {
                    return report.getUpdatedAtMs();
                }
            }
        }
        throw new AssertionError(instance + " never reported " + FAILING + " " + state + " after " + after);
    }

    private static void awaitDeleted(TopicReader<String, ModelStats> stats, String instance) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (TopicReader.Entry<String, ModelStats> entry : stats.poll(Duration.ofMillis(100))) {
                if (entry.key().equals(ModelStatsKey.of(FAILING, instance)) && entry.value() == null) {
                    return;
                }
            }
        }
        throw new AssertionError(instance + " never deleted its report of " + FAILING);
    }
}
