package io.agentry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import io.agentry.store.UsageLedger.GroupBy;
import io.agentry.store.UsageLedger.UsageLine;
import io.agentry.store.UsageLedger.UsageQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageLedger} must do, reading what its {@link RunStore} recorded. A backend's test
 * extends this and supplies a fresh store that is both.
 */
public abstract class UsageLedgerContract {

    protected abstract RunStore store();

    protected abstract UsageLedger ledger();

    private static final Instant DAY1 = Instant.parse("2026-03-01T23:30:00Z");
    private static final Instant DAY2 = Instant.parse("2026-03-02T00:30:00Z");
    private String agent;

    @BeforeEach
    void freshAgentName() {
        agent = "agent-" + UUID.randomUUID();
    }

    private RunRecord run(String user, String model, RunStatus status, Usage usage, String cost, Instant at) {
        return RunRecords.run(user, model).agent(agent).status(status).iterations(2).toolCalls(1).usage(usage)
                .cost(cost).latencyMs(10).at(at).build();
    }

    private UsageQuery query(String user, GroupBy groupBy) {
        return new UsageQuery(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"), user, groupBy);
    }

    private void saveSample(String alice, String bob) {
        store().save(run(alice, "offline", RunStatus.COMPLETED, new Usage(100, 10, 5, 1), "0.0000210000", DAY1));
        store().save(run(alice, "gpt-4o", RunStatus.FAILED, new Usage(50, 0, 0, 0), "0.0001250000", DAY2));
        store().save(run(alice, "mystery", RunStatus.CANCELLED, new Usage(7, 3, 0, 0), null, DAY2));
        store().save(run(bob, "offline", RunStatus.COMPLETED, new Usage(200, 20, 0, 0), "0.0000420000", DAY2));
        // outside the range on both sides
        store().save(run(alice, "offline", RunStatus.COMPLETED, new Usage(1, 1, 0, 0), "1", Instant.parse("2026-02-28T23:59:59Z")));
        store().save(run(alice, "offline", RunStatus.COMPLETED, new Usage(1, 1, 0, 0), "1", Instant.parse("2026-03-03T00:00:00Z")));
    }

    @Test
    void groupsByUserWithEveryKindOfTokenAndFailedAndCancelledRunsIncluded() {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        saveSample(alice, bob);

        List<UsageLine> lines = ledger().usage(query(null, GroupBy.USER)).stream()
                .filter(l -> l.key().equals(alice) || l.key().equals(bob)).toList();

        assertThat(lines).extracting(UsageLine::key).containsExactly(alice, bob);
        UsageLine a = lines.get(0);
        assertThat(a.runs()).isEqualTo(3);
        assertThat(a.usage()).isEqualTo(new Usage(157, 13, 5, 1));
        assertThat(a.costUsd()).isEqualByComparingTo("0.000146");
        assertThat(a.unpricedRuns()).isEqualTo(1);
        assertThat(lines.get(1).usage()).isEqualTo(new Usage(200, 20, 0, 0));
    }

    @Test
    void groupsByUtcDayModelAndAgentForOneUser() {
        String alice = "alice-" + UUID.randomUUID();
        saveSample(alice, "bob-" + UUID.randomUUID());

        assertThat(ledger().usage(query(alice, GroupBy.DAY)))
                .extracting(UsageLine::key, UsageLine::runs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-03-01", 1L), org.assertj.core.groups.Tuple.tuple("2026-03-02", 2L));
        assertThat(ledger().usage(query(alice, GroupBy.MODEL)))
                .extracting(UsageLine::key).containsExactly("gpt-4o", "mystery", "offline");
        List<UsageLine> byAgent = ledger().usage(query(alice, GroupBy.AGENT));
        assertThat(byAgent).singleElement().satisfies(l -> {
            assertThat(l.key()).isEqualTo(agent);
            assertThat(l.costUsd()).isEqualByComparingTo("0.000146");
        });
    }

    @Test
    void filtersAndGroupsBySchedule() {
        String alice = "alice-" + UUID.randomUUID();
        saveSample(alice, "bob-" + UUID.randomUUID());
        String daily = "daily-" + UUID.randomUUID();
        String weekly = "weekly-" + UUID.randomUUID();
        for (String schedule : List.of(daily, daily, weekly)) {
            RunRecord r = run(alice, "offline", RunStatus.COMPLETED, new Usage(10, 1, 0, 0), "0.000001", DAY2);
            store().save(new RunRecord(r.runId(), "task-" + r.runId(), alice, null, agent, "offline", "task", r.status(),
                    true, null, 1, 0, r.usage(), r.costUsd(), 10, DAY2, DAY2.plusMillis(10), schedule));
        }

        List<UsageLine> bySchedule = ledger().usage(query(alice, GroupBy.SCHEDULE));
        assertThat(bySchedule).extracting(UsageLine::key, UsageLine::runs).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(daily, 2L), org.assertj.core.groups.Tuple.tuple(weekly, 1L),
                org.assertj.core.groups.Tuple.tuple(null, 3L));
        // runs no schedule made come last
        assertThat(bySchedule.getLast().key()).isNull();

        List<UsageLine> dailyOnly = ledger().usage(new UsageQuery(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-03T00:00:00Z"), alice, GroupBy.DAY, daily));
        assertThat(dailyOnly).singleElement().satisfies(l -> {
            assertThat(l.runs()).isEqualTo(2);
            assertThat(l.usage()).isEqualTo(new Usage(20, 2, 0, 0));
        });
        assertThat(ledger().usage(new UsageQuery(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-03T00:00:00Z"), "bob", GroupBy.DAY, daily))).isEmpty();
    }

    @Test
    void groupsByUtcHourWithFailedRunsAndLatencyPercentiles() {
        String alice = "alice-" + UUID.randomUUID();
        Instant hour = Instant.parse("2026-03-02T14:00:00Z");
        // latencies 1..20 ms in one hour, the 4th and 7th failed, one more cancelled; one run in the next hour
        for (int i = 1; i <= 20; i++) {
            RunStatus status = i == 4 || i == 7 ? RunStatus.FAILED : i == 9 ? RunStatus.CANCELLED : RunStatus.COMPLETED;
            store().save(RunRecords.run(alice, "offline").agent(agent).status(status).usage(new Usage(1, 1, 0, 0))
                    .cost("0.000001").latencyMs(21 - i).at(hour.plusSeconds(i)).build());
        }
        store().save(RunRecords.run(alice, "offline").agent(agent).status(RunStatus.FAILED).usage(new Usage(1, 1, 0, 0))
                .cost("0.000001").latencyMs(500).at(hour.plusSeconds(3600)).build());

        List<UsageLine> lines = ledger().usage(query(alice, GroupBy.HOUR));

        assertThat(lines).extracting(UsageLine::key, UsageLine::runs, UsageLine::failedRuns,
                UsageLine::latencyP50Ms, UsageLine::latencyP95Ms).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2026-03-02T14", 20L, 2L, 10L, 19L),
                org.assertj.core.groups.Tuple.tuple("2026-03-02T15", 1L, 1L, 500L, 500L));
    }

    @Test
    void aUserWithNoRunsHasNoLines() {
        assertThat(ledger().usage(query("nobody-" + UUID.randomUUID(), GroupBy.DAY))).isEmpty();
    }

    @Test
    void recentRunsAreTheAgentsFinishedNonCancelledRunsNewestFirst() {
        String alice = "alice-" + UUID.randomUUID();
        saveSample(alice, "bob-" + UUID.randomUUID());
        RunRecord running = RunRecords.run(alice, "offline").task("task-1").agent(agent).running()
                .at(Instant.parse("2026-03-05T00:00:00Z")).build();
        store().save(running);

        List<RunRecord> recent = ledger().recentRuns(agent, 3);

        assertThat(recent).hasSize(3);
        assertThat(recent).extracting(RunRecord::createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(recent).noneMatch(r -> r.status() == RunStatus.CANCELLED || r.status() == RunStatus.RUNNING);
        assertThat(recent.getFirst().createdAt()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(ledger().recentRuns("no-such-agent-" + UUID.randomUUID(), 5)).isEmpty();
    }
}
