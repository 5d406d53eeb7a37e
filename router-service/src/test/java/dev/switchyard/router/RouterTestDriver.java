package dev.switchyard.router;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.testing.TopologyTopics;
import dev.switchyard.router.classify.ClassifierOptions;
import dev.switchyard.router.fallback.FallbackOptions;
import dev.switchyard.router.validation.RequestLimits;
import dev.switchyard.schema.Attempt;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;

/** The router topology with the application's own wiring and defaults, on a test driver whose wall clock starts at {@code now}. */
final class RouterTestDriver {

    /**
     * The partitions the topology is told {@code llm.requests} has. The test driver delivers every
     * record on partition 0, so a requestId that Kafka's partitioner puts elsewhere takes the
     * repartition by requestId, as it would on a broker.
     */
    static final int REQUEST_PARTITIONS = 4;

    private RouterTestDriver() {
    }

    /** The next work item on any provider's work topic, normal or high priority; null when there is none. */
    static WorkItem nextWork(TopologyTestDriver driver, Topics topics) {
        for (var provider : CatalogLoader.defaultCatalog().providers()) {
            for (var topic : List.of(topics.work(provider.id()), topics.priorityWork(provider.id()))) {
                var output = TopologyTopics.output(driver, topic);
                if (!output.isEmpty()) {
                    return output.readValue();
                }
            }
        }
        return null;
    }

    static List<WorkItem> allWork(TopologyTestDriver driver, Topics topics) {
        List<WorkItem> all = new java.util.ArrayList<>();
        for (WorkItem work = nextWork(driver, topics); work != null; work = nextWork(driver, topics)) {
            all.add(work);
        }
        return all;
    }

    /** The executor's report that this attempt failed with {@code outcome}, at no cost. */
    static AttemptFailed failed(WorkItem work, String outcome, Long retryAfterMs, Instant at) {
        List<Attempt> attempts = new ArrayList<>(work.getPreviousAttempts());
        attempts.add(Attempt.newBuilder().setProvider(work.getProvider()).setModel(work.getModel()).setOutcome(outcome)
                .setLatencyMs(5).setInputTokens(0).setOutputTokens(0).setCostNanoUsd(0).setStartedAtMs(at).build());
        return AttemptFailed.newBuilder()
                .setWork(WorkItem.newBuilder(work).setPreviousAttempts(attempts).build())
                .setOutcome(outcome).setMessage("simulated " + outcome).setRetryAfterMs(retryAfterMs).setFailedAtMs(at).build();
    }

    /** With the rule-based classifier: these tests are about routing given a classification, which the rules give instantly. */
    static TopologyTestDriver create(Topics topics, Instant now) {
        StreamsBuilder builder = new StreamsBuilder();
        RouterProperties defaults = new RouterProperties("", null, 100, 1024, 3, java.time.Duration.ofHours(24),
                FallbackOptions.defaults().maxAttempts(), FallbackOptions.defaults().retriesPerModel(),
                FallbackOptions.defaults().initialBackoff(), FallbackOptions.defaults().maxBackoff(), 5, 1, java.util.Map.of(),
                RequestLimits.defaults(), ClassifierOptions.rules(), dev.switchyard.router.lean.LeanOptions.defaults());
        RouterTopology.build(builder, topics, RouterApplication.core(topics, CatalogLoader::defaultCatalog, defaults,
                RouterApplication.classifier(defaults.classifier())), defaults.limits(),
                REQUEST_PARTITIONS);
        Properties props = new Properties();
        props.put("application.id", "router-test");
        props.put("bootstrap.servers", "unused:9092");
        props.put("statestore.cache.max.bytes", "0");
        return new TopologyTestDriver(builder.build(), props, now);
    }
}
