package io.agentry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
}
