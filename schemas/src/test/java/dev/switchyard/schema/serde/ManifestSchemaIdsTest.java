package dev.switchyard.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.BatchStatus;
import dev.switchyard.schema.BudgetAlert;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.CostAggregate;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.BudgetReservation;
import dev.switchyard.schema.internal.RouterCommand;
import dev.switchyard.schema.internal.UsageEvent;
import dev.switchyard.schema.internal.WorkItem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class ManifestSchemaIdsTest {

    @Test
    void everyTopicRecordHasItsOwnIdAndItResolvesBackToTheSameSchema() {
        ManifestSchemaIds ids = ManifestSchemaIds.builtIn();
        Set<Integer> seen = new HashSet<>();
        for (Class<?> type : List.of(LlmRequest.class, LlmResult.class, CostAggregate.class, BudgetPolicy.class,
                BudgetStatus.class, BudgetAlert.class, BatchStatus.class, WorkItem.class, UsageEvent.class, AttemptFailed.class,
                RouterCommand.class, BudgetReservation.class)) {
            var schema = SpecificData.get().getSchema(type);
            int id = ids.idFor("any", schema);
            assertThat(seen.add(id)).as("id of %s is unique", type.getSimpleName()).isTrue();
            assertThat(ids.schemaFor(id)).isEqualTo(schema);
        }
    }
}
