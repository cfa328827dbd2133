package io.agentry.server.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.queue.InMemoryTaskQueue;
import io.agentry.queue.Task;
import io.agentry.run.RunStatus;
import io.agentry.schedule.CatchUp;
import io.agentry.schedule.InMemoryScheduleStore;
import io.agentry.schedule.Schedule;
import io.agentry.schedule.ScheduleStore;
import io.agentry.server.config.PropertyDefaults;
import io.agentry.server.tasks.TaskService;
import io.agentry.server.tasks.TaskSignals;
import io.agentry.server.tasks.TasksProperties;
import io.agentry.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ticker's decisions on in-memory stores with a clock the test moves: what each tick enqueues, and once. */
class ScheduleTickerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final SchedulesProperties PROPERTIES = new SchedulesProperties(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private static final TaskSignals NO_SIGNALS = new TaskSignals() {
        @Override
        public void taskEnqueued() {
        }

        @Override
        public void cancelRequested(String taskId) {
        }

        @Override
        public void onTaskEnqueued(Runnable listener) {
        }

        @Override
        public void onCancelRequested(Consumer<String> listener) {
        }
    };

    private final MovableClock clock = new MovableClock(T0);
    private final InMemoryScheduleStore store = new InMemoryScheduleStore();
    private final InMemoryTaskQueue queue = new InMemoryTaskQueue();
    private final TaskService tasks = new TaskService(queue, NO_SIGNALS, PropertyDefaults.defaults(TasksProperties.class), clock,
            io.agentry.server.tasks.TaskEvents.NONE, new io.agentry.server.observability.TraceContexts(),
            new io.agentry.journal.InMemoryRunJournal(queue));
    private final ScheduleService schedules = new ScheduleService(store, clock);

    private ScheduleTicker ticker(ScheduleStore on) {
        return new ScheduleTicker(on, tasks, PROPERTIES, clock, List.of());
    }

    private Schedule create(String cron, CatchUp catchUp) throws Exception {
        return schedules.create(new ScheduleService.NewSchedule("alice", "backend", cron, "UTC", "default", "report",
                null, catchUp));
    }

    private List<Task> tasksOf(Schedule schedule) {
        return queue.list("alice", null, null, 1000).stream()
                .filter(t -> schedule.scheduleId().equals(t.request().scheduleId())).toList();
    }

    private List<String> ticksOf(Schedule schedule) {
        return tasksOf(schedule).stream().map(t -> t.idempotencyKey().substring(t.idempotencyKey().lastIndexOf(' ') + 1))
                .sorted().toList();
    }

    @Test
    void eachOnTimeTickMakesOneTaskForTheSchedulesUserAndAgent() throws Exception {
        Schedule schedule = create("* * * * * *", CatchUp.ONE);
        assertThat(schedule.nextRunAt()).isEqualTo(T0.plusSeconds(1));
        ScheduleTicker ticker = ticker(store);

        clock.set(T0.plusMillis(900));
        assertThat(ticker.tick()).isZero();
        clock.set(T0.plusMillis(1200));
        assertThat(ticker.tick()).isEqualTo(1);
        clock.set(T0.plusMillis(3500));
        assertThat(ticker.tick()).isEqualTo(2);

        assertThat(ticksOf(schedule)).containsExactly("2026-11-27T10:00:01Z", "2026-11-27T10:00:02Z", "2026-11-27T10:00:03Z");
        Task task = tasksOf(schedule).getFirst();
        assertThat(task.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(task.request().userId()).isEqualTo("alice");
        assertThat(task.request().agent()).isEqualTo("default");
        assertThat(task.request().message()).isEqualTo("report");
        assertThat(task.request().apiKey()).isEqualTo("backend");
        assertThat(task.request().sessionId()).isNotBlank();
        Schedule after = store.find(schedule.scheduleId()).orElseThrow();
        assertThat(after.nextRunAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(after.lastRunAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(after.lastTaskId()).isIn(tasksOf(schedule).stream().map(Task::taskId).toList());
    }

    @Test
    void tickersRacingInSeveralProcessesMakeOneTaskPerTick() throws Exception {
        Schedule schedule = create("* * * * * *", CatchUp.ONE);
        List<ScheduleTicker> tickers = List.of(ticker(store), ticker(store), ticker(store));
        try (ExecutorService pool = Executors.newFixedThreadPool(tickers.size())) {
            for (int second = 1; second <= 30; second++) {
                clock.set(T0.plusSeconds(second).plusMillis(500));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> passes = new ArrayList<>();
                for (ScheduleTicker ticker : tickers) {
                    passes.add(pool.submit(() -> {
                        start.await();
                        return ticker.tick();
                    }));
                }
                start.countDown();
                for (Future<Integer> pass : passes) {
                    pass.get();
                }
            }
        }
        List<String> ticks = ticksOf(schedule);
        assertThat(ticks).hasSize(30).doesNotHaveDuplicates();
        assertThat(ticks.getFirst()).isEqualTo("2026-11-27T10:00:01Z");
        assertThat(ticks.getLast()).isEqualTo("2026-11-27T10:00:30Z");
    }

    @Test
    void aCrashBetweenEnqueuingAndMovingOnLeavesOneTaskForTheTick() throws Exception {
        Schedule schedule = create("0 * * * * *", CatchUp.ONE);
        AtomicBoolean crash = new AtomicBoolean(true);
        ScheduleStore crashingOnce = new DelegatingScheduleStore(store) {
            @Override
            public boolean advance(String id, Instant from, Instant to, Instant firedTick, String taskId) {
                if (crash.getAndSet(false)) {
                    throw new IllegalStateException("process died");
                }
                return super.advance(id, from, to, firedTick, taskId);
            }
        };
        clock.set(T0.plusSeconds(61));

        ticker(crashingOnce).tick();
        assertThat(tasksOf(schedule)).hasSize(1);
        assertThat(store.find(schedule.scheduleId()).orElseThrow().nextRunAt()).isEqualTo(T0.plusSeconds(60));

        // another process (or this one, later) handles the tick again: the task is already there
        ticker(store).tick();
        assertThat(tasksOf(schedule)).hasSize(1);
        Schedule after = store.find(schedule.scheduleId()).orElseThrow();
        assertThat(after.nextRunAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(after.lastTaskId()).isEqualTo(tasksOf(schedule).getFirst().taskId());
    }

    @Test
    void missedTicksMakeOneCatchUpTaskWithCatchUpOne() throws Exception {
        Schedule schedule = create("0 * * * * *", CatchUp.ONE);
        // every process was down from before the first tick (10:01) until 10:10:40
        clock.set(T0.plusSeconds(640));

        assertThat(ticker(store).tick()).isEqualTo(1);

        assertThat(ticksOf(schedule)).containsExactly("2026-11-27T10:01:00Z");
        Schedule after = store.find(schedule.scheduleId()).orElseThrow();
        assertThat(after.nextRunAt()).isEqualTo(T0.plusSeconds(660));
        assertThat(after.lastRunAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(ticker(store).tick()).isZero();
    }

    @Test
    void missedTicksAreSkippedWithCatchUpNone() throws Exception {
        Schedule schedule = create("0 * * * * *", CatchUp.NONE);
        clock.set(T0.plusSeconds(640));

        assertThat(ticker(store).tick()).isZero();

        assertThat(tasksOf(schedule)).isEmpty();
        Schedule after = store.find(schedule.scheduleId()).orElseThrow();
        assertThat(after.nextRunAt()).isEqualTo(T0.plusSeconds(660));
        assertThat(after.lastRunAt()).isNull();
        // and it carries on normally
        clock.set(T0.plusSeconds(661));
        assertThat(ticker(store).tick()).isEqualTo(1);
    }

    @Test
    void aLateButNotMissedTickStillRunsWhicheverTheCatchUp() throws Exception {
        Schedule none = create("0 * * * * *", CatchUp.NONE);
        clock.set(T0.plusSeconds(60 + 20));

        assertThat(ticker(store).tick()).isEqualTo(1);
        assertThat(ticksOf(none)).containsExactly("2026-11-27T10:01:00Z");
    }

    @Test
    void missedTicksThenOnTimeTicksMakeOneCatchUpAndTheirOwnTasks() throws Exception {
        Schedule schedule = create("*/10 * * * * *", CatchUp.ONE);
        // due from 10:00:10; now 10:02:05, so ticks before 10:01:35 were missed and 10:01:40 .. 10:02:00 are on time
        clock.set(T0.plusSeconds(125));

        assertThat(ticker(store).tick()).isEqualTo(4);

        assertThat(ticksOf(schedule)).containsExactly("2026-11-27T10:00:10Z", "2026-11-27T10:01:40Z",
                "2026-11-27T10:01:50Z", "2026-11-27T10:02:00Z");
    }

    @Test
    void pausedAndDeletedSchedulesMakeNoTasksAndResumingSkipsThePause() throws Exception {
        Schedule paused = create("* * * * * *", CatchUp.ONE);
        Schedule deleted = create("* * * * * *", CatchUp.ONE);
        schedules.pause(paused.scheduleId());
        schedules.delete(deleted.scheduleId());
        clock.set(T0.plusSeconds(5).plusMillis(500));

        assertThat(ticker(store).tick()).isZero();

        Schedule resumed = schedules.resume(paused.scheduleId()).orElseThrow();
        assertThat(resumed.nextRunAt()).isEqualTo(T0.plusSeconds(6));
        clock.set(T0.plusSeconds(6).plusMillis(100));
        assertThat(ticker(store).tick()).isEqualTo(1);
        assertThat(ticksOf(paused)).containsExactly("2026-11-27T10:00:06Z");
    }

    @Test
    void fiveFieldExpressionsAndTimeZonesAreHonoured() throws Exception {
        Schedule daily = schedules.create(new ScheduleService.NewSchedule("alice", null, "30 9 * * *", "Europe/Paris",
                "default", "report", null, CatchUp.ONE));

        // 09:30 in Paris on 27 November is 08:30 UTC
        assertThat(daily.nextRunAt()).isEqualTo(Instant.parse("2026-11-28T08:30:00Z"));
    }

    /** Passes every call through; tests override the one they break. */
    private static class DelegatingScheduleStore implements ScheduleStore {
        private final ScheduleStore delegate;

        DelegatingScheduleStore(ScheduleStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void create(Schedule schedule) {
            delegate.create(schedule);
        }

        @Override
        public java.util.Optional<Schedule> find(String scheduleId) {
            return delegate.find(scheduleId);
        }

        @Override
        public List<Schedule> list(String userId, String afterScheduleId, int limit) {
            return delegate.list(userId, afterScheduleId, limit);
        }

        @Override
        public boolean delete(String scheduleId) {
            return delegate.delete(scheduleId);
        }

        @Override
        public int deleteUser(String userId) {
            return delegate.deleteUser(userId);
        }

        @Override
        public java.util.Optional<Schedule> pause(String scheduleId, Instant now) {
            return delegate.pause(scheduleId, now);
        }

        @Override
        public java.util.Optional<Schedule> resume(String scheduleId, Instant nextRunAt, Instant now) {
            return delegate.resume(scheduleId, nextRunAt, now);
        }

        @Override
        public List<Schedule> due(Instant now, int limit) {
            return delegate.due(now, limit);
        }

        @Override
        public boolean advance(String scheduleId, Instant from, Instant to, Instant firedTick, String taskId) {
            return delegate.advance(scheduleId, from, to, firedTick, taskId);
        }
    }
}
