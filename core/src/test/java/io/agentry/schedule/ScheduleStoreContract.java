package io.agentry.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ScheduleStore} must do: keep schedules per user, page them, pause and resume, find the
 * due ones, and let exactly one caller move a schedule past a tick. A backend's test extends this,
 * supplies a store and empties it before each test ({@link #emptyStore()}).
 */
public abstract class ScheduleStoreContract {

    protected abstract ScheduleStore store();

    /** Removes every schedule, so each test starts from an empty store. */
    protected abstract void emptyStore();

    private final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    private String user;

    @BeforeEach
    void emptyStoreAndNewUser() {
        emptyStore();
        user = "user-" + UUID.randomUUID();
    }

    private Schedule schedule(String user, Instant createdAt, Instant nextRunAt) {
        Schedule schedule = new Schedule(UUID.randomUUID().toString(), user, "0 0 9 * * MON-FRI", "Europe/Paris", "default",
                "daily report", "https://hooks.example.com/x", "backend", CatchUp.NONE, false, nextRunAt, null, null,
                createdAt, createdAt);
        store().create(schedule);
        return schedule;
    }

    @Test
    void aCreatedScheduleReadsBackWithEverythingItWasGiven() {
        Schedule created = schedule(user, t0, t0.plusSeconds(3600));

        assertThat(store().find(created.scheduleId())).contains(created);
        assertThat(store().find("no-such-schedule")).isEmpty();
    }

    @Test
    void aUsersSchedulesAreListedNewestFirstPageByPage() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(schedule(user, t0.plusSeconds(i), t0.plusSeconds(3600)).scheduleId());
        }
        schedule("someone-else", t0.plusSeconds(10), t0.plusSeconds(3600));

        List<Schedule> first = store().list(user, null, 2);
        List<Schedule> second = store().list(user, first.getLast().scheduleId(), 2);
        List<Schedule> third = store().list(user, second.getLast().scheduleId(), 2);

        assertThat(first).extracting(Schedule::scheduleId).containsExactly(ids.get(4), ids.get(3));
        assertThat(second).extracting(Schedule::scheduleId).containsExactly(ids.get(2), ids.get(1));
        assertThat(third).extracting(Schedule::scheduleId).containsExactly(ids.get(0));
        assertThat(store().list("nobody", null, 10)).isEmpty();
    }

    @Test
    void deletingRemovesTheScheduleOnce() {
        Schedule s = schedule(user, t0, t0);

        assertThat(store().delete(s.scheduleId())).isTrue();
        assertThat(store().delete(s.scheduleId())).isFalse();
        assertThat(store().find(s.scheduleId())).isEmpty();
        assertThat(store().due(t0, 10)).isEmpty();
    }

    @Test
    void dueSchedulesAreTheActiveOnesWhoseTickHasComeEarliestFirst() {
        Schedule later = schedule(user, t0, t0.plusSeconds(20));
        Schedule earlier = schedule(user, t0, t0.plusSeconds(10));
        Schedule future = schedule(user, t0, t0.plusSeconds(100));
        Schedule paused = schedule(user, t0, t0.plusSeconds(5));
        store().pause(paused.scheduleId(), t0);

        assertThat(store().due(t0.plusSeconds(20), 10)).extracting(Schedule::scheduleId)
                .containsExactly(earlier.scheduleId(), later.scheduleId());
        assertThat(store().due(t0.plusSeconds(20), 1)).extracting(Schedule::scheduleId).containsExactly(earlier.scheduleId());
        assertThat(store().due(t0.plusSeconds(9), 10)).isEmpty();
        assertThat(future.nextRunAt()).isAfter(t0.plusSeconds(20));
    }

    @Test
    void exactlyOneCallerMovesAScheduleOnFromATick() {
        Schedule s = schedule(user, t0, t0.plusSeconds(10));

        assertThat(store().advance(s.scheduleId(), t0.plusSeconds(10), t0.plusSeconds(20), t0.plusSeconds(10), "task-1"))
                .isTrue();
        assertThat(store().advance(s.scheduleId(), t0.plusSeconds(10), t0.plusSeconds(20), t0.plusSeconds(10), "task-2"))
                .isFalse();

        Schedule after = store().find(s.scheduleId()).orElseThrow();
        assertThat(after.nextRunAt()).isEqualTo(t0.plusSeconds(20));
        assertThat(after.lastRunAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(after.lastTaskId()).isEqualTo("task-1");

        // a skipped tick moves the schedule on and keeps the last task
        assertThat(store().advance(s.scheduleId(), t0.plusSeconds(20), t0.plusSeconds(30), null, null)).isTrue();
        Schedule skipped = store().find(s.scheduleId()).orElseThrow();
        assertThat(skipped.nextRunAt()).isEqualTo(t0.plusSeconds(30));
        assertThat(skipped.lastRunAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(skipped.lastTaskId()).isEqualTo("task-1");
        assertThat(store().advance("no-such-schedule", t0, t0, null, null)).isFalse();
    }

    @Test
    void concurrentCallersNeverBothMoveTheSameTick() throws Exception {
        Schedule s = schedule(user, t0, t0.plusSeconds(10));
        int callers = 8;
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                String task = "task-" + i;
                Callable<Boolean> advance = () -> store().advance(s.scheduleId(), t0.plusSeconds(10), t0.plusSeconds(20),
                        t0.plusSeconds(10), task);
                results.add(pool.submit(advance));
            }
        }
        int moved = 0;
        for (Future<Boolean> result : results) {
            moved += result.get() ? 1 : 0;
        }
        assertThat(moved).isEqualTo(1);
    }

    @Test
    void pausingAndResumingAreIdempotentAndResumeStartsFromTheGivenTick() {
        Schedule s = schedule(user, t0, t0.plusSeconds(10));

        Schedule paused = store().pause(s.scheduleId(), t0.plusSeconds(1)).orElseThrow();
        assertThat(paused.paused()).isTrue();
        assertThat(paused.updatedAt()).isEqualTo(t0.plusSeconds(1));
        assertThat(store().pause(s.scheduleId(), t0.plusSeconds(2)).orElseThrow().updatedAt()).isEqualTo(t0.plusSeconds(1));
        assertThat(store().due(t0.plusSeconds(100), 10)).isEmpty();

        Schedule resumed = store().resume(s.scheduleId(), t0.plusSeconds(200), t0.plusSeconds(150)).orElseThrow();
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextRunAt()).isEqualTo(t0.plusSeconds(200));
        // resuming an active schedule changes nothing
        assertThat(store().resume(s.scheduleId(), t0.plusSeconds(999), t0.plusSeconds(160)).orElseThrow().nextRunAt())
                .isEqualTo(t0.plusSeconds(200));
        assertThat(store().due(t0.plusSeconds(200), 10)).extracting(Schedule::scheduleId).containsExactly(s.scheduleId());
        assertThat(store().pause("no-such-schedule", t0)).isEmpty();
        assertThat(store().resume("no-such-schedule", t0, t0)).isEmpty();
    }

    @Test
    void deletingAUsersSchedulesLeavesOtherUsersSchedulesAlone() {
        String other = "other-" + UUID.randomUUID();
        Schedule first = schedule(user, t0, t0.plusSeconds(60));
        schedule(user, t0.plusSeconds(1), t0.plusSeconds(60));
        Schedule kept = schedule(other, t0, t0.plusSeconds(60));

        assertThat(store().deleteUser(user)).isEqualTo(2);
        assertThat(store().list(user, null, 10)).isEmpty();
        assertThat(store().find(first.scheduleId())).isEmpty();
        assertThat(store().due(t0.plusSeconds(120), 10)).extracting(Schedule::scheduleId).containsExactly(kept.scheduleId());
        assertThat(store().find(kept.scheduleId())).contains(kept);
        assertThat(store().deleteUser(user)).isZero();
    }
}
