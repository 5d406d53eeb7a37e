package dev.switchyard.cost;

import static dev.switchyard.core.testing.TopologyTopics.output;
import static dev.switchyard.cost.CostDriver.spend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.schema.BudgetAlert;
import dev.switchyard.schema.BudgetPeriod;
import dev.switchyard.schema.BudgetPolicy;
import dev.switchyard.schema.BudgetState;
import dev.switchyard.schema.BudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetTopologyTest {

    private static final Instant NOON = Instant.parse("2026-11-21T12:00:00Z");
    private static final long DOLLAR = 1_000_000_000L;

    private CostDriver cost;
    private TestOutputTopic<String, BudgetStatus> budgets;
    private TestOutputTopic<String, BudgetAlert> alerts;

    @BeforeEach
    void buildTopology() {
        cost = new CostDriver(CostOptions.defaults().unbuffered(), NOON);
        budgets = output(cost.driver, cost.topics.budgets);
        alerts = output(cost.driver, cost.topics.alerts);
    }

    @AfterEach
    void close() {
        cost.close();
    }

    @Test
    void statusReportsActualSpendAgainstTheLimit() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.DAILY, NOON);
        cost.send(spend("r1#1", "acme", "ada", 2 * DOLLAR, NOON.plusSeconds(1)));
        cost.send(spend("r2#1", "acme", "bob", 3 * DOLLAR, NOON.plusSeconds(2)));

        BudgetStatus status = budgets.readKeyValuesToMap().get("tenant:acme");
        assertThat(status.getSpentNanoUsd()).isEqualTo(5 * DOLLAR);
        assertThat(status.getLimitNanoUsd()).isEqualTo(10 * DOLLAR);
        assertThat(status.getPeriod()).isEqualTo(BudgetPeriod.DAILY);
        assertThat(status.getPeriodStartMs()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(status.getState()).isEqualTo(BudgetState.OK);
    }

    @Test
    void aPolicySetMidPeriodStartsFromWhatWasReallySpent() {
        cost.send(spend("r1#1", "acme", "ada", 6 * DOLLAR, NOON));
        cost.send(spend("r2#1", "acme", "ada", 3 * DOLLAR, NOON.minus(Duration.ofDays(1))));
        setPolicy("user:acme/ada", 10 * DOLLAR, BudgetPeriod.MONTHLY, NOON.plusSeconds(60));

        BudgetStatus status = budgets.readKeyValuesToMap().get("user:acme/ada");
        assertThat(status.getSpentNanoUsd()).isEqualTo(9 * DOLLAR);
        assertThat(status.getState()).isEqualTo(BudgetState.WARNING);
        assertThat(alerts.readValuesToList()).extracting(BudgetAlert::getThresholdPercent).containsExactly(50, 80);
    }

    @Test
    void eachThresholdAlertsExactlyOncePerPeriod() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.DAILY, NOON);
        for (int i = 0; i < 12; i++) {
            cost.send(spend("r" + i + "#1", "acme", null, DOLLAR, NOON.plusSeconds(i)));
        }
        // The same attempt's usage re-sent: counted, and alerted, once.
        cost.send(spend("r11#1", "acme", null, DOLLAR, NOON.plusSeconds(11)));

        List<BudgetAlert> sent = alerts.readValuesToList();
        assertThat(sent).extracting(BudgetAlert::getThresholdPercent).containsExactly(50, 80, 100);
        assertThat(sent).extracting(BudgetAlert::getSpentNanoUsd).containsExactly(5 * DOLLAR, 8 * DOLLAR, 10 * DOLLAR);
        assertThat(budgets.readKeyValuesToMap().get("tenant:acme").getState()).isEqualTo(BudgetState.EXHAUSTED);

        // Raising the limit mid-period does not alert the thresholds already passed again.
        setPolicy("tenant:acme", 20 * DOLLAR, BudgetPeriod.DAILY, NOON.plusSeconds(30)); // 65% spent: 50% was alerted already
        cost.send(spend("r20#1", "acme", null, DOLLAR, NOON.plusSeconds(31)));
        assertThat(alerts.readValuesToList()).isEmpty();
    }

    @Test
    void aDailyBudgetResetsAtUtcMidnightAndAlertsAgainInTheNewDay() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.DAILY, NOON);
        cost.send(spend("r1#1", "acme", null, 6 * DOLLAR, Instant.parse("2026-11-21T23:59:59.999Z")));
        cost.send(spend("r2#1", "acme", null, 6 * DOLLAR, Instant.parse("2026-11-22T00:00:00Z")));

        BudgetStatus status = budgets.readKeyValuesToMap().get("tenant:acme");
        assertThat(status.getPeriodStartMs()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(status.getSpentNanoUsd()).isEqualTo(6 * DOLLAR);
        assertThat(alerts.readValuesToList()).extracting(BudgetAlert::getPeriodStartMs, BudgetAlert::getThresholdPercent)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-21T00:00:00Z"), 50),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-22T00:00:00Z"), 50));
    }

    @Test
    void aMonthlyBudgetResetsOnTheFirstOfTheMonthWithoutAnySpend() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.MONTHLY, NOON);
        cost.send(spend("r1#1", "acme", null, 4 * DOLLAR, NOON));
        budgets.readKeyValuesToMap();

        // Wall clock to 1 December: the ledger's daily check publishes the new, empty period.
        cost.driver.advanceWallClockTime(Duration.between(NOON, Instant.parse("2026-12-01T00:01:00Z")));

        BudgetStatus status = budgets.readKeyValuesToMap().get("tenant:acme");
        assertThat(status.getPeriodStartMs()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(status.getSpentNanoUsd()).isZero();
        assertThat(status.getState()).isEqualTo(BudgetState.OK);
    }

    @Test
    void aTotalBudgetNeverResets() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.TOTAL, NOON);
        cost.send(spend("r1#1", "acme", null, 4 * DOLLAR, NOON));
        cost.send(spend("r2#1", "acme", null, 4 * DOLLAR, Instant.parse("2027-02-01T00:00:00Z")));

        BudgetStatus status = budgets.readKeyValuesToMap().get("tenant:acme");
        assertThat(status.getSpentNanoUsd()).isEqualTo(8 * DOLLAR);
        assertThat(status.getPeriodStartMs()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void removingAPolicyRemovesItsStatus() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.DAILY, NOON);
        cost.policies.pipeInput("tenant:acme", null, NOON.plusSeconds(5));

        Map<String, BudgetStatus> latest = budgets.readKeyValuesToMap();
        assertThat(latest).containsKey("tenant:acme");
        assertThat(latest.get("tenant:acme")).as("a tombstone on the compacted topic").isNull();
    }

    @Test
    void ownersWithoutAPolicyGetNoStatus() {
        cost.send(spend("r1#1", "acme", "ada", DOLLAR, NOON));
        assertThat(budgets.isEmpty()).isTrue();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void showsWhatTheRouterHoldsReservedBesideActualSpend() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.DAILY, NOON);
        cost.send(spend("r1#1", "acme", "ada", 2 * DOLLAR, NOON.plusSeconds(1)));
        routerLedger("tenant:acme", BudgetPeriod.DAILY, Instant.parse("2026-11-21T00:00:00Z"), 7 * DOLLAR, NOON.plusSeconds(2));

        BudgetStatus status = budgets.readKeyValuesToMap().get("tenant:acme");
        assertThat(status.getSpentNanoUsd()).as("spend is this service's own count").isEqualTo(2 * DOLLAR);
        assertThat(status.getReservedNanoUsd()).isEqualTo(7 * DOLLAR);
        assertThat(status.getState()).as("spent and reserved together: 90%% of the limit").isEqualTo(BudgetState.WARNING);
        assertThat(alerts.readValuesToList()).as("alerts follow actual spend only").isEmpty();

        // Settled: the router's ledger holds nothing any more.
        routerLedger("tenant:acme", BudgetPeriod.DAILY, Instant.parse("2026-11-21T00:00:00Z"), 0, NOON.plusSeconds(3));
        assertThat(budgets.readKeyValuesToMap().get("tenant:acme").getReservedNanoUsd()).isZero();
    }

    @Test
    void ignoresARouterLedgerOfAnotherPeriodOrOlderThanTheOneShown() {
        setPolicy("tenant:acme", 10 * DOLLAR, BudgetPeriod.DAILY, NOON);
        routerLedger("tenant:acme", BudgetPeriod.DAILY, Instant.parse("2026-11-20T00:00:00Z"), 4 * DOLLAR, NOON.plusSeconds(1));
        assertThat(budgets.readKeyValuesToMap().get("tenant:acme").getReservedNanoUsd()).as("yesterday's holds").isZero();

        routerLedger("tenant:acme", BudgetPeriod.DAILY, Instant.parse("2026-11-21T00:00:00Z"), 3 * DOLLAR, NOON.plusSeconds(5));
        routerLedger("tenant:acme", BudgetPeriod.DAILY, Instant.parse("2026-11-21T00:00:00Z"), 9 * DOLLAR, NOON.plusSeconds(4));
        assertThat(budgets.readKeyValuesToMap().get("tenant:acme").getReservedNanoUsd()).as("the newer view stays").isEqualTo(3 * DOLLAR);
    }

    private void routerLedger(String owner, BudgetPeriod period, Instant periodStart, long reserved, Instant at) {
        cost.routerLedgers.pipeInput(owner, BudgetStatus.newBuilder().setOwner(owner).setPeriod(period).setPeriodStartMs(periodStart)
                .setLimitNanoUsd(10 * DOLLAR).setSpentNanoUsd(0).setReservedNanoUsd(reserved).setState(BudgetState.OK)
                .setUpdatedAtMs(at).build(), at);
    }

    private void setPolicy(String owner, long limit, BudgetPeriod period, Instant at) {
        cost.policies.pipeInput(owner, BudgetPolicy.newBuilder().setOwner(owner).setLimitNanoUsd(limit).setPeriod(period).build(), at);
    }
}
