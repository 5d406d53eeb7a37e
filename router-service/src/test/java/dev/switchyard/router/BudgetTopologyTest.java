package dev.switchyard.router;

import static dev.switchyard.core.testing.TopologyTopics.input;
import static dev.switchyard.core.testing.TopologyTopics.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.BudgetPeriod;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetState;
import dev.switchyard.schema.BudgetStatus;
import dev.switchyard.schema.LlmRequest;
import dev.switchyard.schema.LlmResult;
import dev.switchyard.schema.Message;
import dev.switchyard.schema.Messages;
import dev.switchyard.schema.ResultStatus;
import dev.switchyard.schema.Strategy;
import dev.switchyard.schema.internal.AttemptFailed;
import dev.switchyard.schema.internal.WorkItem;
import dev.switchyard.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hard budgets. Every request here is "Hi" with a 100-token output cap, pinned to gpt-4o-mini
 * ($0.15 in, $0.60 out per 1M): its worst case is its exact input, 8 tokens in gpt-4o-mini's own tokenizer
 * ("Hi" and "user" one each, 3 of message framing, 3 priming the reply), x 150 + 100 x 600 = 61,200 nano-USD.
 */
class BudgetTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-21T23:00:00Z");
    private static final long WORST_CASE = 61_200L;
    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, LlmRequest> requests;
    private TestInputTopic<String, BudgetPolicy> policies;
    private TestInputTopic<String, LlmResult> resultsIn;
    private TestOutputTopic<String, LlmResult> results;
    private TestOutputTopic<String, WorkItem> work;

    @BeforeEach
    void start() {
        driver = RouterTestDriver.create(topics, NOW);
        requests = input(driver, topics.requests);
        policies = input(driver, topics.budgetPolicies);
        resultsIn = input(driver, topics.results);
        results = output(driver, topics.results);
        work = output(driver, topics.work("openai"));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static LlmRequest request(String id, String user) {
        return LlmRequest.newBuilder().setRequestId(id).setTenantId("acme").setUserId(user).setModel("gpt-4o-mini")
                .setMaxOutputTokens(100).setMessages(List.of(Messages.text("user", "Hi"))).build();
    }

    private static BudgetPolicy policy(String owner, long limit, BudgetPeriod period, boolean downgrade) {
        return BudgetPolicy.newBuilder().setOwner(owner).setLimitNanoUsd(limit).setPeriod(period).setAllowDowngrade(downgrade).build();
    }

    @Test
    void reservesTheWorstCaseAndRefusesWhatWouldExceedTheLimit() {
        policies.pipeInput("tenant:acme", policy("tenant:acme", 3 * WORST_CASE, BudgetPeriod.MONTHLY, false));
        for (int i = 1; i <= 5; i++) {
            requests.pipeInput("r" + i, request("r" + i, null));
        }
        assertThat(work.readValuesToList()).extracting(w -> w.getRequest().getRequestId()).containsExactly("r1", "r2", "r3");
        List<LlmResult> refused = results.readValuesToList();
        assertThat(refused).extracting(LlmResult::getRequestId).containsExactly("r4", "r5");
        assertThat(refused).allSatisfy(result -> {
            assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(result.getError().getCode()).isEqualTo("BUDGET_EXCEEDED");
            assertThat(result.getError().getMessage()).contains("tenant:acme (MONTHLY)").contains("reserved " + 3 * WORST_CASE);
        });
    }

    @Test
    void countsWhatWasSpentBeforeThePolicyExisted() {
        // Spent since the 1st by requests no budget reserved, as the cost service counted it.
        counted("tenant:acme", BudgetPeriod.MONTHLY, Instant.parse("2026-11-01T00:00:00Z"), 5 * WORST_CASE / 2);
        policies.pipeInput("tenant:acme", policy("tenant:acme", 3 * WORST_CASE, BudgetPeriod.MONTHLY, false));
        requests.pipeInput("r1", request("r1", null));

        LlmResult refused = results.readValue();
        assertThat(refused.getError().getCode()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(refused.getError().getMessage()).contains("spent " + 5 * WORST_CASE / 2);
        assertThat(work.isEmpty()).isTrue();
    }

    @Test
    void ignoresCountedSpendOfAnotherPeriod_andNeverAddsItToWhatTheLedgerSettled() {
        counted("tenant:acme", BudgetPeriod.MONTHLY, Instant.parse("2026-10-01T00:00:00Z"), 3 * WORST_CASE);
        policies.pipeInput("tenant:acme", policy("tenant:acme", 3 * WORST_CASE, BudgetPeriod.MONTHLY, false));
        requests.pipeInput("r1", request("r1", null));
        assertThat(work.readValue().getRequest().getRequestId()).as("last month's spend does not count").isEqualTo("r1");

        // r1 settles at its worst case, and the cost service counts the same spend: the larger of the two, not their sum.
        resultsIn.pipeInput("r1", succeeded("r1", WORST_CASE));
        counted("tenant:acme", BudgetPeriod.MONTHLY, Instant.parse("2026-11-01T00:00:00Z"), WORST_CASE);
        requests.pipeInput("r2", request("r2", null));
        requests.pipeInput("r3", request("r3", null));
        assertThat(work.readValuesToList()).extracting(w -> w.getRequest().getRequestId()).containsExactly("r2", "r3");
    }

    private void counted(String owner, BudgetPeriod period, Instant periodStart, long spent) {
        input(driver, topics.budgets).pipeInput(owner, BudgetStatus.newBuilder().setOwner(owner).setPeriod(period)
                .setPeriodStartMs(periodStart).setLimitNanoUsd(3 * WORST_CASE).setSpentNanoUsd(spent).setReservedNanoUsd(0)
                .setState(BudgetState.OK).setUpdatedAtMs(NOW).build());
    }

    @Test
    void publishesEachLedgerThatAReservationOrASettlementChanges() {
        TestOutputTopic<String, BudgetStatus> ledgers = output(driver, topics.budgetReservations);
        policies.pipeInput("tenant:acme", policy("tenant:acme", 10 * WORST_CASE, BudgetPeriod.MONTHLY, false));
        policies.pipeInput("user:acme/ada", policy("user:acme/ada", 10 * WORST_CASE, BudgetPeriod.DAILY, false));
        requests.pipeInput("r1", request("r1", "ada"));

        var reserved = ledgers.readKeyValuesToMap();
        assertThat(reserved).containsOnlyKeys("tenant:acme", "user:acme/ada");
        assertThat(reserved.values()).allSatisfy(ledger -> {
            assertThat(ledger.getReservedNanoUsd()).isEqualTo(WORST_CASE);
            assertThat(ledger.getSpentNanoUsd()).isZero();
        });
        assertThat(reserved.get("user:acme/ada").getPeriodStartMs()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));

        resultsIn.pipeInput("r1", succeeded("r1", 10_000));
        var settled = ledgers.readKeyValuesToMap();
        assertThat(settled).containsOnlyKeys("tenant:acme", "user:acme/ada");
        assertThat(settled.values()).allSatisfy(ledger -> {
            assertThat(ledger.getReservedNanoUsd()).isZero();
            assertThat(ledger.getSpentNanoUsd()).isEqualTo(10_000);
        });
        assertThat(work.readValuesToList()).hasSize(1);
    }

    @Test
    void retriesDueTogetherPublishTheirLedgerOnceAsItLastStands() {
        TestOutputTopic<String, BudgetStatus> ledgers = output(driver, topics.budgetReservations);
        policies.pipeInput("tenant:acme", policy("tenant:acme", 10 * WORST_CASE, BudgetPeriod.MONTHLY, false));
        requests.pipeInput("r1", request("r1", null));
        requests.pipeInput("r2", request("r2", null));
        TestInputTopic<String, AttemptFailed> failures = input(driver, topics.failedAttempts);
        for (WorkItem first : work.readValuesToList()) {
            failures.pipeInput(first.getRequest().getRequestId(), RouterTestDriver.failed(first, "rate_limited", 1_000L, NOW));
        }
        ledgers.readValuesToList();

        driver.advanceWallClockTime(Duration.ofMillis(1_100));
        assertThat(work.readValuesToList()).extracting(WorkItem::getAttempt).containsExactly(2, 2);
        // Each retry reserved its worst case again, on top of its first attempt's (settled only by the result).
        assertThat(ledgers.readValuesToList()).singleElement()
                .satisfies(ledger -> assertThat(ledger.getReservedNanoUsd()).isEqualTo(4 * WORST_CASE));
    }

    @Test
    void settlingToTheActualCostFreesTheRestOfTheReservation() {
        policies.pipeInput("tenant:acme", policy("tenant:acme", 2 * WORST_CASE + 20_000, BudgetPeriod.MONTHLY, false));
        requests.pipeInput("r1", request("r1", null));
        requests.pipeInput("r2", request("r2", null));
        requests.pipeInput("r3", request("r3", null));
        assertThat(results.readValue().getRequestId()).isEqualTo("r3");

        resultsIn.pipeInput("r1", succeeded("r1", 10_000));
        requests.pipeInput("r4", request("r4", null));
        assertThat(work.readValuesToList()).extracting(w -> w.getRequest().getRequestId()).containsExactly("r1", "r2", "r4");

        // spent 10,000 + reserved 2 x 61,200 leaves less than one worst case
        requests.pipeInput("r5", request("r5", null));
        assertThat(results.readValue().getRequestId()).isEqualTo("r5");
    }

    @Test
    void aUsersBudgetBindsOnTopOfItsTenantsAndUnlimitedTenantsPassFreely() {
        policies.pipeInput("user:acme/ada", policy("user:acme/ada", WORST_CASE, BudgetPeriod.DAILY, false));
        requests.pipeInput("a1", request("a1", "ada"));
        requests.pipeInput("a2", request("a2", "ada"));
        requests.pipeInput("b1", request("b1", "bob"));
        assertThat(work.readValuesToList()).extracting(w -> w.getRequest().getRequestId()).containsExactly("a1", "b1");
        assertThat(results.readValue().getError().getMessage()).contains("user:acme/ada (DAILY)");
    }

    @Test
    void aDailyBudgetStartsAfreshAtUtcMidnight() {
        policies.pipeInput("tenant:acme", policy("tenant:acme", WORST_CASE, BudgetPeriod.DAILY, false));
        requests.pipeInput("d1", request("d1", null));
        requests.pipeInput("d2", request("d2", null));
        assertThat(results.readValue().getError().getCode()).isEqualTo("BUDGET_EXCEEDED");

        driver.advanceWallClockTime(Duration.ofHours(1)); // 2026-11-22T00:00Z
        requests.pipeInput("d3", request("d3", null));
        assertThat(work.readValuesToList()).extracting(w -> w.getRequest().getRequestId()).containsExactly("d1", "d3");
        // d1 settles into the day it was reserved in: it frees nothing of the new day's budget.
        resultsIn.pipeInput("d1", succeeded("d1", 50_000));
        requests.pipeInput("d4", request("d4", null));
        assertThat(results.readValue().getRequestId()).isEqualTo("d4");
    }

    @Test
    void aPolicyThatAllowsItDowngradesToACheaperModelInsteadOfRefusing() {
        // QUALITY ranks claude-opus-4-1 first: "Hi" is estimated at 11 input tokens on models whose tokenizer Java lacks
        // (1.5 x 2 tokens of cl100k_base for "Hi" and "user", plus 8 of framing), which Anthropic may all bill as cache
        // writes: 11 x 18.75 + 100 x 75 = 7,706.25 USD/M. Under a 40,000 limit only mistral-small-3-2 fits
        // (11 x 0.10 + 100 x 0.30 = 31.1 USD/M = 31,100 nano): every other model's output costs $0.40/M or more.
        policies.pipeInput("tenant:acme", policy("tenant:acme", 40_000, BudgetPeriod.MONTHLY, true));
        requests.pipeInput("cheap", LlmRequest.newBuilder(request("cheap", null)).setModel(null).setStrategy(Strategy.QUALITY).build());
        WorkItem downgraded = output(driver, topics.work("mistral")).readValue();
        assertThat(downgraded.getModel()).isEqualTo("mistral-small-3-2");
        assertThat(downgraded.getRouting().getReason()).contains("downgraded from claude-opus-4-1");
        assertThat(downgraded.getRouting().getEstimatedCostNanoUsd()).isEqualTo(31_100L);
    }

    @Test
    void deletingAPolicyLiftsTheBudget() {
        policies.pipeInput("tenant:acme", policy("tenant:acme", 0, BudgetPeriod.TOTAL, false));
        requests.pipeInput("x1", request("x1", null));
        policies.pipeInput("tenant:acme", (BudgetPolicy) null);
        requests.pipeInput("x2", request("x2", null));
        assertThat(results.readValue().getRequestId()).isEqualTo("x1");
        assertThat(work.readValue().getRequest().getRequestId()).isEqualTo("x2");
    }

    private static LlmResult succeeded(String id, long cost) {
        return LlmResult.newBuilder().setRequestId(id).setTenantId("acme").setStatus(ResultStatus.SUCCEEDED)
                .setCostNanoUsd(cost).setCreatedAtMs(NOW).setCompletedAtMs(NOW).build();
    }
}
