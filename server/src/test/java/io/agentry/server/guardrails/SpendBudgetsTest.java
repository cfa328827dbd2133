package io.agentry.server.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.agent.Budget;
import io.agentry.cost.PriceBook;
import io.agentry.cost.Usage;
import io.agentry.limits.InMemorySpendCounter;
import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendLimit;
import io.agentry.limits.SpendPeriod;
import io.agentry.limits.SpendScope;
import io.agentry.run.RunStatus;
import io.agentry.server.config.PropertyDefaults;
import io.agentry.store.InMemoryRunStore;
import io.agentry.store.RunRecord;
import io.agentry.store.RunRecords;
import io.agentry.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendBudgetsTest {

    private static final Instant NOW = Instant.parse("2026-05-12T18:00:00Z");
    /** When the test's runs would be presumed lost. */
    private static final Instant LOST_AT = NOW.plusSeconds(600);
    private final MovableClock clock = new MovableClock(NOW);
    private final SpendCounter counter = new InMemorySpendCounter(clock);
    private final InMemoryRunStore ledger = new InMemoryRunStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static final Budget RUN = new Budget(50_000, new BigDecimal("0.01"));

    private SpendBudgets budgets(BudgetProperties properties) {
        return new SpendBudgets(properties, counter, PriceBook.defaults(), clock, meters, ledger);
    }

    private static BudgetProperties daily(String usd) {
        return PropertyDefaults.bind(BudgetProperties.class, "agentry.budgets", Map.of("daily-usd", usd));
    }

    @Test
    void withoutBudgetsNothingIsReservedAndUnpricedModelsRun() {
        SpendBudgets none = budgets(PropertyDefaults.defaults(BudgetProperties.class));
        assertThat(none.reserve("u", "k", "acme:unpriced", RUN, LOST_AT)).isSameAs(SpendBudgets.Reservation.NONE);
        none.checkRoom("u", "k", "acme:unpriced", RUN);
    }

    @Test
    void reservesTheWorstCaseThenSettlesToTheRealCost() {
        SpendBudgets budgets = budgets(daily("0.021"));
        SpendBudgets.Reservation first = budgets.reserve("u", null, "offline", RUN, LOST_AT);
        budgets.reserve("u", null, "offline", RUN, LOST_AT);

        SpendBudgetExceededException refused = org.junit.jupiter.api.Assertions.assertThrows(
                SpendBudgetExceededException.class, () -> budgets.reserve("u", null, "offline", RUN, LOST_AT));
        assertThat(refused.scope()).isEqualTo(SpendScope.USER);
        assertThat(refused.period()).isEqualTo(SpendPeriod.DAY);
        assertThat(refused.budgetUsd()).isEqualByComparingTo("0.021");
        assertThat(refused.spentUsd()).isEqualByComparingTo("0.02");
        assertThat(refused.runWorstCaseUsd()).isEqualByComparingTo("0.01");
        assertThat(refused.resetsAt()).isEqualTo(Instant.parse("2026-05-13T00:00:00Z"));
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(6));
        assertThat(meters.counter("agent.budget.exceeded", "scope", "user", "period", "day").count()).isEqualTo(1);

        first.settle(new BigDecimal("0.0000123"));
        first.settle(new BigDecimal("5")); // a second settlement changes nothing
        budgets.checkRoom("u", null, "offline", RUN);
        budgets.reserve("u", null, "offline", RUN, LOST_AT);
        assertThat(budgets.limits("u", null, NOW).stream().map(l -> counter.spent(List.of(l)).getFirst()))
                .singleElement().satisfies(s -> assertThat(s).isEqualByComparingTo("0.0200123"));
    }

    @Test
    void aKeyBudgetCountsEveryUserOfTheKeyAndAMonthStartsInTheConfiguredZone() {
        BudgetProperties properties = PropertyDefaults.bind(BudgetProperties.class, "agentry.budgets",
                Map.of("keys.app.monthly-usd", "0.015", "zone", "Pacific/Auckland"));
        SpendBudgets budgets = budgets(properties);
        budgets.reserve("a", "app", "offline", RUN, LOST_AT);

        SpendBudgetExceededException refused = org.junit.jupiter.api.Assertions.assertThrows(
                SpendBudgetExceededException.class, () -> budgets.reserve("b", "app", "offline", RUN, LOST_AT));
        assertThat(refused.scope()).isEqualTo(SpendScope.KEY);
        assertThat(refused.period()).isEqualTo(SpendPeriod.MONTH);
        // 18:00 UTC on 12 May is 13 May in Auckland; its month ends at midnight on 1 June, Auckland time
        assertThat(refused.resetsAt()).isEqualTo(Instant.parse("2026-05-31T12:00:00Z"));
        budgets.reserve("b", "other-key", "offline", RUN, LOST_AT);
    }

    @Test
    void aBudgetOnAnUnpricedModelFailsClosed() {
        assertThatThrownBy(() -> budgets(daily("1")).reserve("u", null, "acme:unpriced", RUN, LOST_AT))
                .isInstanceOf(SpendBudgetUnenforceableException.class)
                .hasMessageContaining("agentry.prices[acme:unpriced]");
    }

    @Test
    void aUsersBucketStartsFromWhatTheLedgerRecordedInThePeriod() {
        ledger.save(RunRecords.run("u", "offline").id("r1").usage(Usage.of(10, 10)).cost("0.015").latencyMs(1)
                .at(NOW.minusSeconds(3600)).finishedAt(NOW.minusSeconds(3599)).build());
        ledger.save(RunRecords.run("u", "offline").id("r2").usage(Usage.of(10, 10)).cost("5").latencyMs(1)
                .at(NOW.minus(Duration.ofDays(1))).finishedAt(NOW.minus(Duration.ofDays(1))).build());

        SpendBudgets budgets = budgets(daily("0.02"));

        assertThatThrownBy(() -> budgets.reserve("u", null, "offline", RUN, LOST_AT))
                .isInstanceOf(SpendBudgetExceededException.class)
                .hasMessageContaining("$0.015 spent or reserved");
        budgets.reserve("u", null, "offline", new Budget(50_000, new BigDecimal("0.005")), LOST_AT);
    }

    @Test
    void aCounterThatLostItsDataWhileTheProcessRanIsSeededAgainFromTheLedger() {
        Swappable lost = new Swappable(new InMemorySpendCounter(clock));
        SpendBudgets budgets = new SpendBudgets(daily("0.02"), lost, PriceBook.defaults(), clock, meters, ledger);
        budgets.reserve("u", null, "offline", RUN, LOST_AT).settle(new BigDecimal("0.01"));
        ledger.save(RunRecords.run("u", "offline").id("r1").usage(Usage.of(10, 10)).cost("0.01").latencyMs(1).at(NOW)
                .finishedAt(NOW).build());

        lost.counter = new InMemorySpendCounter(clock); // Redis lost its data; this process goes on

        budgets.reserve("u", null, "offline", RUN, LOST_AT);
        assertThatThrownBy(() -> budgets.reserve("u", null, "offline", RUN, LOST_AT))
                .as("the recorded $0.01 counts again").isInstanceOf(SpendBudgetExceededException.class)
                .hasMessageContaining("$0.02 spent or reserved");

        lost.counter = new InMemorySpendCounter(clock); // and again: the admission check of a task reads the ledger too
        assertThatThrownBy(() -> budgets.checkRoom("u", null, "offline", new Budget(50_000, new BigDecimal("0.015"))))
                .isInstanceOf(SpendBudgetExceededException.class)
                .hasMessageContaining("$0.01 spent or reserved");
    }

    /** A counter whose backend the test can replace, as a Redis that lost its data. */
    private static final class Swappable implements SpendCounter {
        volatile SpendCounter counter;

        Swappable(SpendCounter counter) {
            this.counter = counter;
        }

        @Override
        public Outcome reserve(Hold hold) {
            return counter.reserve(hold);
        }

        @Override
        public void settle(Hold hold, BigDecimal actualUsd) {
            counter.settle(hold, actualUsd);
        }

        @Override
        public void seed(SpendLimit limit, BigDecimal spentUsd) {
            counter.seed(limit, spentUsd);
        }

        @Override
        public List<BigDecimal> spent(List<SpendLimit> limits) {
            return counter.spent(limits);
        }
    }

    @Test
    void aUserOverrideReplacesTheDefaults() {
        BudgetProperties properties = PropertyDefaults.bind(BudgetProperties.class, "agentry.budgets",
                Map.of("daily-usd", "0.001", "users.vip.daily-usd", "1"));
        budgets(properties).reserve("vip", null, "offline", RUN, LOST_AT);
        assertThatThrownBy(() -> budgets(properties).reserve("pleb", null, "offline", RUN, LOST_AT))
                .isInstanceOf(SpendBudgetExceededException.class);
    }

    @Test
    void aReservationNeverSettledIsGivenBackWhenItsRunIsPresumedLost() {
        SpendBudgets budgets = budgets(daily("0.015"));
        budgets.reserve("u", null, "offline", RUN, LOST_AT); // its process dies: never settled

        clock.set(LOST_AT.minusMillis(1));
        assertThatThrownBy(() -> budgets.reserve("u", null, "offline", RUN, LOST_AT.plusSeconds(600)))
                .isInstanceOf(SpendBudgetExceededException.class);
        clock.set(LOST_AT);
        budgets.reserve("u", null, "offline", RUN, LOST_AT.plusSeconds(600));
    }
}
