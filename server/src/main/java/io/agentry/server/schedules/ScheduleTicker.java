package io.agentry.server.schedules;

import io.agentry.queue.TaskRequest;
import io.agentry.schedule.CatchUp;
import io.agentry.schedule.Schedule;
import io.agentry.schedule.ScheduleStore;
import io.agentry.server.config.ConditionalOnWorkerRole;
import io.agentry.server.config.PeriodicWork;
import io.agentry.server.tasks.TaskService;
import io.agentry.util.Sha256;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Turns due schedule ticks into background tasks, from every worker process, every
 * {@code agentry.schedules.poll-interval}.
 *
 * <p>Exactly one task per tick, with any number of processes and crashes: a tick's task is enqueued first,
 * with an idempotency key derived from the schedule and the tick (so enqueuing it again returns the same
 * task), and only then is the schedule moved past the tick, conditionally ({@link ScheduleStore#advance}).
 * Processes racing for a tick enqueue one task between them and one of them moves the schedule on; a
 * process that dies between the two steps leaves the tick due, and whoever handles it next finds the task
 * already there.
 *
 * <p>Missed ticks: a tick found due more than {@code misfire-threshold} late was missed (no process could
 * fire it). All the missed ticks of a schedule make one task ({@code catch_up: one}, keyed by the first of
 * them) or none ({@code catch_up: none}); the schedule then carries on from its first tick that is not
 * missed.
 */
@Component
@ConditionalOnWorkerRole
class ScheduleTicker extends PeriodicWork {

    /** Schedules handled per pass, and ticks per schedule per pass (on-time ticks of a fast cron). */
    static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);

    private final ScheduleStore store;
    private final TaskService tasks;
    private final SchedulesProperties properties;
    private final Clock clock;

    private final List<ScheduleTickTarget> targets;

    ScheduleTicker(ScheduleStore store, TaskService tasks, SchedulesProperties properties, Clock clock,
                   List<ScheduleTickTarget> targets) {
        this.targets = List.copyOf(targets);
        super("agentry-scheduler");
        this.store = store;
        this.tasks = tasks;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pass over the due schedules; returns the tasks it enqueued (or found enqueued). */
    int tick() {
        int fired = 0;
        List<Schedule> due;
        try {
            due = store.due(clock.instant(), BATCH);
        } catch (RuntimeException e) {
            log.warn("Could not look for due schedules ({})", e.getMessage());
            return 0;
        }
        for (Schedule schedule : due) {
            MDC.put("schedule_id", schedule.scheduleId());
            try {
                fired += handle(schedule);
            } catch (RuntimeException e) {
                log.warn("Could not fire schedule {} ({}); its tick stays due", schedule.scheduleId(), e.getMessage());
            } finally {
                MDC.remove("schedule_id");
            }
        }
        return fired;
    }

    /** Fires the schedule's due ticks until it is not due, or another process moved it on first. */
    private int handle(Schedule schedule) {
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(schedule.cron(), schedule.timeZone());
        } catch (CronSchedule.InvalidException e) {
            log.error("Schedule {} has an unusable cron expression; pausing it", schedule.scheduleId());
            store.pause(schedule.scheduleId(), clock.instant());
            return 0;
        }
        int fired = 0;
        // one "now" per schedule and pass, so the line between missed and on-time ticks stays put
        Instant now = clock.instant();
        Instant onTimeFrom = now.minus(properties.misfireThreshold());
        Instant tick = schedule.nextRunAt();
        for (int i = 0; i < BATCH && !tick.isAfter(now); i++) {
            boolean missed = tick.isBefore(onTimeFrom);
            boolean fire = !missed || schedule.catchUp() == CatchUp.ONE;
            Instant next = missed ? cron.firstFrom(onTimeFrom) : cron.next(tick);
            String taskId = null;
            if (fire) {
                taskId = enqueue(schedule, tick);
                fired++;
            }
            if (next == null) {
                log.warn("Schedule {} will never fire again; pausing it", schedule.scheduleId());
                store.pause(schedule.scheduleId(), now);
                break;
            }
            if (!store.advance(schedule.scheduleId(), tick, next, fire ? tick : null, taskId)) {
                break;
            }
            if (missed) {
                log.info("Schedule {} missed its ticks from {}: {}", schedule.scheduleId(), tick,
                        fire ? "one catch-up run queued" : "skipped (catch_up: none)");
            }
            tick = next;
        }
        return fired;
    }

    private String enqueue(Schedule schedule, Instant tick) {
        for (ScheduleTickTarget target : targets) {
            Optional<ScheduleTickTarget.Fired> fired = target.fire(schedule, tick);
            if (fired.isPresent()) {
                return fired.get().taskId();
            }
        }
        TaskRequest request = TaskRequest.builder(schedule.userId(), schedule.message()).agent(schedule.agent())
                .webhookUrl(schedule.webhookUrl()).apiKey(schedule.apiKey()).scheduleId(schedule.scheduleId()).build();
        String key = idempotencyKey(schedule.scheduleId(), tick);
        TaskService.Submission submission = tasks.submit(request, key, Sha256.hex(key));
        if (submission.created()) {
            log.info("Schedule {} queued task {} for its tick at {}", schedule.scheduleId(), submission.task().taskId(), tick);
        }
        return submission.task().taskId();
    }

    /**
     * The idempotency key of a tick's task. It contains spaces, which a client's {@code Idempotency-Key}
     * cannot, so no request can take a tick's place (or collide with one).
     */
    static String idempotencyKey(String scheduleId, Instant tick) {
        return "schedule " + scheduleId + " " + tick;
    }

    @Override
    protected List<Step> steps() {
        return List.of(new Step(this::tick, properties.pollInterval(), properties.pollInterval()));
    }
}
