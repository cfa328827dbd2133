package io.agentry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link RunStore} must do. A backend's test extends this and supplies a fresh store. */
public abstract class RunStoreContract {

    protected abstract RunStore store();

    protected static RunRecord run(String id, RunStatus status, BigDecimal cost) {
        Instant created = Instant.parse("2026-11-27T10:15:30.123Z");
        return new RunRecord(id, status == RunStatus.FAILED ? "task-" + id : null, "alice", "s-" + id, "default", "offline", "sync", status,
                status == RunStatus.COMPLETED, status == RunStatus.COMPLETED ? null : "Token budget of 10 exceeded",
                3, 2, new Usage(120, 45, 7, 3), cost, 42, created,
                status == RunStatus.RUNNING ? null : created.plusMillis(42));
    }

    @Test
    void savedRunIsFoundWithEveryField() {
        String id = UUID.randomUUID().toString();
        RunRecord saved = run(id, RunStatus.COMPLETED, new BigDecimal("0.0000475000"));
        store().save(saved);

        RunRecord found = store().find(id).orElseThrow();
        assertThat(found.usage()).isEqualTo(saved.usage());
        assertThat(found.costUsd()).isEqualByComparingTo(saved.costUsd());
        assertThat(found.createdAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(saved.createdAt());
        assertThat(found).usingRecursiveComparison()
                .ignoringFields("costUsd", "createdAt", "finishedAt").isEqualTo(saved);
        assertThat(found.finishedAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(saved.finishedAt());
    }

    @Test
    void unknownCostStaysUnknownRatherThanZero() {
        String id = UUID.randomUUID().toString();
        store().save(run(id, RunStatus.FAILED, null));
        RunRecord found = store().find(id).orElseThrow();
        assertThat(found.costUsd()).isNull();
        assertThat(found.taskId()).isEqualTo("task-" + id);
    }

    @Test
    void aScheduledRunKeepsItsScheduleId() {
        String id = UUID.randomUUID().toString();
        RunRecord r = run(id, RunStatus.COMPLETED, BigDecimal.ONE);
        store().save(new RunRecord(r.runId(), "task-" + id, r.userId(), r.sessionId(), r.agent(), r.model(), "task",
                r.status(), r.success(), r.error(), r.iterations(), r.toolCalls(), r.usage(), r.costUsd(), r.latencyMs(),
                r.createdAt(), r.finishedAt(), "sched-" + id));

        assertThat(store().find(id).orElseThrow().scheduleId()).isEqualTo("sched-" + id);
        store().save(r);
        assertThat(store().find(id).orElseThrow().scheduleId()).isNull();
    }

    @Test
    void savingAgainReplacesTheRecord() {
        String id = UUID.randomUUID().toString();
        store().save(run(id, RunStatus.RUNNING, null));
        store().save(run(id, RunStatus.COMPLETED, new BigDecimal("0.5")));

        RunRecord found = store().find(id).orElseThrow();
        assertThat(found.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(found.finishedAt()).isNotNull();
    }

    @Test
    void unknownRunIsEmpty() {
        assertThat(store().find(UUID.randomUUID().toString())).isEmpty();
    }

    private static RunRecord of(String user, String mode, Instant finishedAt) {
        Instant created = Instant.parse("2026-11-27T10:00:00Z");
        return new RunRecord(UUID.randomUUID().toString(), null, user, "s-" + UUID.randomUUID(), "default", "offline", mode,
                finishedAt == null ? RunStatus.RUNNING : RunStatus.FAILED, false, "Tool failed on \"my secret\"", 1, 0,
                new Usage(10, 5, 0, 0), new BigDecimal("0.0001"), 7, created, finishedAt, "sched-1");
    }

    @Test
    void runIdsAreTheUsersRunsOfOneModeFinishedSinceOrStillUnfinished() {
        String user = "user-" + UUID.randomUUID();
        Instant since = Instant.parse("2026-11-27T11:00:00Z");
        RunRecord recent = of(user, "stream", since.plusSeconds(5));
        RunRecord atTheLimit = of(user, "stream", since);
        RunRecord unfinished = of(user, "stream", null);
        RunRecord old = of(user, "stream", since.minusSeconds(1));
        RunRecord sync = of(user, "sync", since.plusSeconds(5));
        RunRecord theirs = of(user + "-other", "stream", since.plusSeconds(5));
        for (RunRecord r : List.of(recent, atTheLimit, unfinished, old, sync, theirs)) {
            store().save(r);
        }

        assertThat(store().runIds(user, "stream", since))
                .containsExactlyInAnyOrder(recent.runId(), atTheLimit.runId(), unfinished.runId());
        assertThat(store().runIds(user, "task", since)).isEmpty();
    }

    @Test
    void pseudonymisingKeepsEveryFigureUnderThePseudonymAndDropsTheSessionAndTheError() {
        String user = "user-" + UUID.randomUUID();
        RunRecord mine = of(user, "task", Instant.parse("2026-11-27T10:00:01Z"));
        RunRecord theirs = of(user + "-other", "task", Instant.parse("2026-11-27T10:00:01Z"));
        store().save(mine);
        store().save(theirs);

        assertThat(store().pseudonymise(user, "erased-1")).isEqualTo(1);

        RunRecord anonymous = store().find(mine.runId()).orElseThrow();
        assertThat(anonymous.userId()).isEqualTo("erased-1");
        assertThat(anonymous.sessionId()).isNull();
        assertThat(anonymous.error()).isNull();
        assertThat(anonymous.costUsd()).isEqualByComparingTo(mine.costUsd());
        assertThat(anonymous).usingRecursiveComparison().ignoringFields("userId", "sessionId", "error", "costUsd")
                .isEqualTo(mine);
        assertThat(store().find(theirs.runId()).orElseThrow()).usingRecursiveComparison().ignoringFields("costUsd")
                .isEqualTo(theirs);
        assertThat(store().pseudonymise(user, "erased-2")).isZero();
        assertThat(store().runIds(user, "task", Instant.EPOCH)).isEmpty();
    }

    /**
     * A run of {@code user} started {@code minutesIn} minutes after 10:00, with an id that orders it by that time
     * (time-ordered ids made in one millisecond are not ordered among themselves).
     */
    private static RunRecord listed(String user, int minutesIn, String agent, String model, String mode, RunStatus status,
                                    String taskId) {
        Instant created = Instant.parse("2026-11-27T10:00:00Z").plusSeconds(60L * minutesIn);
        String id = String.format("%08x-0000-7000-8000-%012x", created.getEpochSecond(), UUID.randomUUID().getMostSignificantBits() & 0xffffffffffffL);
        return new RunRecord(id, taskId, user, null, agent, model, mode, status,
                status == RunStatus.COMPLETED, null, 1, 0, Usage.of(10, 1), null, 5, created, created.plusMillis(5));
    }

    @Test
    void listingGivesTheRunsThatMatchEveryFilterNewestFirstInPages() {
        String user = "user-" + UUID.randomUUID();
        RunRecord first = listed(user, 0, "default", "offline", "sync", RunStatus.COMPLETED, null);
        RunRecord second = listed(user, 1, "default", "offline", "task", RunStatus.FAILED, "task-a");
        RunRecord third = listed(user, 2, "support", "gpt-4o", "task", RunStatus.COMPLETED, "task-a");
        RunRecord fourth = listed(user, 3, "default", "offline", "stream", RunStatus.CANCELLED, null);
        RunRecord someoneElses = listed(user + "-other", 4, "default", "offline", "sync", RunStatus.COMPLETED, null);
        for (RunRecord r : List.of(third, first, someoneElses, fourth, second)) {
            store().save(r);
        }

        assertThat(store().list(new RunStore.RunQuery(user, null, null, null, null, null, null, null, null, 10)))
                .extracting(RunRecord::runId).containsExactly(fourth.runId(), third.runId(), second.runId(), first.runId());
        List<RunRecord> page1 = store().list(new RunStore.RunQuery(user, null, null, null, null, null, null, null, null, 2));
        assertThat(page1).extracting(RunRecord::runId).containsExactly(fourth.runId(), third.runId());
        assertThat(store().list(new RunStore.RunQuery(user, null, null, null, null, null, null, null,
                page1.getLast().runId(), 2))).extracting(RunRecord::runId).containsExactly(second.runId(), first.runId());

        assertThat(store().list(new RunStore.RunQuery(user, "default", "offline", "task", null, null, null, null, null, 10)))
                .extracting(RunRecord::runId).containsExactly(second.runId());
        assertThat(store().list(new RunStore.RunQuery(user, null, null, null, RunStatus.COMPLETED, null, null, null, null, 10)))
                .extracting(RunRecord::runId).containsExactly(third.runId(), first.runId());
        assertThat(store().list(new RunStore.RunQuery(user, null, "gpt-4o", null, null, "task-a", null, null, null, 10)))
                .extracting(RunRecord::runId).containsExactly(third.runId());
        // [from, to): started at 10:01 and 10:02
        assertThat(store().list(new RunStore.RunQuery(user, null, null, null, null, null, second.createdAt(),
                fourth.createdAt(), null, 10))).extracting(RunRecord::runId).containsExactly(third.runId(), second.runId());
        assertThat(store().list(new RunStore.RunQuery(null, null, null, null, null, null, someoneElses.createdAt(),
                someoneElses.createdAt().plusSeconds(1), null, 10))).extracting(RunRecord::runId)
                .contains(someoneElses.runId()).doesNotContain(first.runId());
    }

    @Test
    void savingIfAbsentNeverReplacesARecord() {
        String user = "user-" + UUID.randomUUID();
        RunRecord real = listed(user, 0, "default", "offline", "task", RunStatus.COMPLETED, "task-b");
        RunRecord standIn = new RunRecord(real.runId(), "task-b", user, null, "default", "offline", "task", RunStatus.FAILED,
                false, "Worker lost", 1, 0, Usage.of(1, 1), null, 1, real.createdAt(), real.finishedAt());

        assertThat(store().saveIfAbsent(real)).isTrue();
        assertThat(store().saveIfAbsent(standIn)).isFalse();

        assertThat(store().find(real.runId()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }
}
