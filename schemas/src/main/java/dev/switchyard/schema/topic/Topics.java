package dev.switchyard.schema.topic;

import dev.switchyard.schema.BatchStatus;
import dev.switchyard.schema.BudgetAlert;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.Feedback;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.BatchCancellation;
import dev.switchyard.schema.internal.FeedbackCounts;
import dev.switchyard.schema.internal.ModelOutcomes;
import dev.switchyard.schema.internal.ModelStats;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.serde.AvroWireSerde;
import dev.switchyard.schema.serde.JsonOrAvroDeserializer;
import dev.switchyard.schema.serde.RequestDeserializer;
import dev.switchyard.schema.serde.SchemaIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: every topic Switchyard reads or writes, with its serdes. Public topics
 * are named by docs/CONTRACT.md; internal ones ({@code llm.work.*}, {@code llm.usage}) are ours.
 * All names take the configured common prefix.
 */
public final class Topics {

    /** docs/CONTRACT.md: priority 8 and above is high priority. */
    public static final int HIGH_PRIORITY = 8;

    private final String prefix;
    private final SchemaIds schemaIds;
    private final Map<String, Topic<String, WorkItem>> workTopics = new ConcurrentHashMap<>();

    public final Topic<String, LlmRequest> requests;
    public final Topic<String, LlmResult> results;
    public final Topic<String, CostAggregate> costs;
    public final Topic<String, BudgetStatus> budgets;
    public final Topic<String, BudgetPolicy> budgetPolicies;
    public final Topic<String, BudgetAlert> alerts;
    public final Topic<String, BatchStatus> batches;
    /** Original key and value bytes, unchanged, with the reason in headers. */
    public final Topic<byte[], byte[]> deadLetters;
    /** One record per billed provider attempt, keyed by usage id (requestId#attempt). */
    public final Topic<String, UsageEvent> usage;
    /** Failed attempts reported by executors, keyed by requestId, for the router's fallback decision. */
    public final Topic<String, AttemptFailed> failedAttempts;
    /** What executors observe per model (latency, success, circuit), keyed by model id. */
    public final Topic<String, ModelStats> modelStats;
    /** Cancelled batches, keyed by batchId: requests of theirs not yet started end REJECTED (switchyard batch cancel). */
    public final Topic<String, BatchCancellation> batchCancellations;
    /**
     * The router's ledger of each budgeted owner, keyed by owner, written on every reservation and
     * settlement by the router's one writer of that owner: the cost service shows its reserved
     * amount on {@code llm.budgets}, beside the actual spend it counts itself.
     */
    public final Topic<String, BudgetStatus> budgetReservations;
    /**
     * How each model has done for a tenant, and for each of its users, keyed by
     * {@code tenant NUL user NUL model} (no user: the tenant as a whole), written by the router's
     * one writer of that tenant as results settle. Every router task reads it for PREFERENCE, so
     * such requests are routed where they land.
     */
    public final Topic<String, ModelOutcomes> modelOutcomes;
    /** Judgements of answers by the tenants that asked, keyed by requestId; Avro or JSON, as requests (switchyard feedback). */
    public final Topic<String, Feedback> feedback;
    /**
     * Judged answers and how many were sufficient, keyed by {@code tenant NUL taskType NUL
     * complexity NUL model} (taskType and model empty: all of the tenant's at that complexity),
     * counted by the cost service; every router task reads it, for BALANCED, PREFERENCE and the
     * tenant's lean to the large tier.
     */
    public final Topic<String, FeedbackCounts> feedbackCounts;
    /** The model catalog as YAML text; the latest record is in force (switchyard catalog apply). */
    public final Topic<String, String> catalog;
    /**
     * Trained classifier models as JSON, keyed by model name; the latest record of a router's
     * model name is in force (switchyard router train --publish).
     */
    public final Topic<String, String> routerModels;

    public Topics(String prefix, SchemaIds schemaIds) {
        this.prefix = prefix == null ? "" : prefix;
        this.schemaIds = schemaIds;
        AvroWireSerde<LlmRequest> requestAvro = avro(LlmRequest.class);
        requests = new Topic<>(name("llm.requests"), Serdes.String(),
                Serdes.serdeFrom(requestAvro, new RequestDeserializer(requestAvro)), false);
        results = topic("llm.results", LlmResult.class, false);
        costs = topic("llm.costs", CostAggregate.class, true);
        budgets = topic("llm.budgets", BudgetStatus.class, true);
        budgetPolicies = topic("llm.budget-policies", BudgetPolicy.class, true);
        alerts = topic("llm.alerts", BudgetAlert.class, false);
        batches = topic("llm.batches", BatchStatus.class, true);
        deadLetters = new Topic<>(name("llm.dlq"), Serdes.ByteArray(), Serdes.ByteArray(), false);
        usage = topic("llm.usage", UsageEvent.class, false);
        failedAttempts = topic("llm.attempts.failed", AttemptFailed.class, false);
        modelStats = topic("llm.model-stats", ModelStats.class, true);
        batchCancellations = topic("llm.batch-cancellations", BatchCancellation.class, true);
        budgetReservations = topic("llm.budget-reservations", BudgetStatus.class, true);
        modelOutcomes = topic("llm.model-outcomes", ModelOutcomes.class, true);
        AvroWireSerde<Feedback> feedbackAvro = avro(Feedback.class);
        feedback = new Topic<>(name("llm.feedback"), Serdes.String(),
                Serdes.serdeFrom(feedbackAvro, new JsonOrAvroDeserializer<>(feedbackAvro)), false);
        feedbackCounts = topic("llm.feedback-counts", FeedbackCounts.class, true);
        catalog = new Topic<>(name("llm.catalog"), Serdes.String(), Serdes.String(), true);
        routerModels = new Topic<>(name("llm.router-models"), Serdes.String(), Serdes.String(), true);
    }

    /** The embedded default: no prefix, schema ids from the built-in manifest. */
    public static Topics defaults() {
        return new Topics("", SchemaIds.fromConfig(null));
    }

    /** The work topic of one provider, read by that provider's executor group. */
    public Topic<String, WorkItem> work(String providerId) {
        return workTopics.computeIfAbsent(providerId, id -> topic("llm.work." + id, WorkItem.class, false));
    }

    /** The high-priority twin of a provider's work topic (priority 8 and above), drained first. */
    public Topic<String, WorkItem> priorityWork(String providerId) {
        return workTopics.computeIfAbsent(providerId + ".high", id -> topic("llm.work." + id, WorkItem.class, false));
    }

    /** Where a work item goes: its provider's topic, or the high-priority twin. */
    public Topic<String, WorkItem> workFor(WorkItem work) {
        return work.getRequest().getPriority() >= HIGH_PRIORITY ? priorityWork(work.getProvider()) : work(work.getProvider());
    }

    /** The value serde of every work topic, for writers that pick the topic per record. */
    public Serde<WorkItem> workItemSerde() {
        return avro(WorkItem.class);
    }

    /** Every topic a deployment with these providers needs, for provisioning. */
    public List<NewTopic> definitions(Collection<String> providerIds, int partitions, short replicationFactor) {
        List<NewTopic> all = new ArrayList<>();
        for (Topic<?, ?> topic : List.of(requests, results, costs, budgets, budgetPolicies, alerts, batches, deadLetters, usage,
                failedAttempts, modelStats, batchCancellations, budgetReservations, modelOutcomes, feedback, feedbackCounts)) {
            all.add(topic.definition(partitions, replicationFactor));
        }
        all.add(catalog.definition(1, replicationFactor)); // one partition: one order of versions
        all.add(routerModels.definition(1, replicationFactor));
        providerIds.forEach(provider -> {
            all.add(work(provider).definition(partitions, replicationFactor));
            all.add(priorityWork(provider).definition(partitions, replicationFactor));
        });
        return all;
    }

    public <T extends SpecificRecord> AvroWireSerde<T> avro(Class<T> type) {
        return new AvroWireSerde<>(type, schemaIds);
    }

    private <T extends SpecificRecord> Topic<String, T> topic(String baseName, Class<T> type, boolean compacted) {
        Serde<T> serde = avro(type);
        return new Topic<>(name(baseName), Serdes.String(), serde, compacted);
    }

    private String name(String baseName) {
        return prefix + baseName;
    }
}
