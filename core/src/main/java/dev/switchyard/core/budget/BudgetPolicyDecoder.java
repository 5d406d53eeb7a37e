package dev.switchyard.core.budget;

import dev.switchyard.core.deadletter.RecordDecoder;
import dev.switchyard.core.deadletter.UnreadableRecordException;
import dev.switchyard.core.outcome.ErrorCode;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.topic.Topics;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code llm.budget-policies}, where the key is the budget owner and a null value removes
 * the owner's policy. Both the router and the cost service read it: a key that names no owner,
 * or a negative limit, is unreadable and goes to the dead-letter topic in both.
 */
public final class BudgetPolicyDecoder implements RecordDecoder.WithKey<Optional<BudgetPolicy>> {

    private final Deserializer<BudgetPolicy> reader;

    public BudgetPolicyDecoder(Topics topics) {
        this.reader = topics.budgetPolicies.valueSerde().deserializer();
    }

    @Override
    public Optional<BudgetPolicy> decode(String topic, String owner, Headers headers, byte[] bytes) {
        try {
            BudgetOwners.tenantOf(owner == null ? "" : owner);
        } catch (IllegalArgumentException e) {
            throw new UnreadableRecordException(ErrorCode.INVALID_REQUEST, "budget policy key: " + e.getMessage(), e);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        BudgetPolicy policy = reader.deserialize(topic, headers, bytes);
        if (policy.getLimitNanoUsd() < 0) {
            throw new UnreadableRecordException(ErrorCode.INVALID_REQUEST, "budget policy of " + owner + ": negative limit", null);
        }
        return Optional.of(policy);
    }
}
