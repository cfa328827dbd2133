package io.agentry.server.schedules;

import io.agentry.schedule.CatchUp;
import io.agentry.schedule.Schedule;
import io.agentry.schedule.ScheduleStore;
import io.agentry.util.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Schedules as the API offers them: create, read, list, delete, pause and resume. */
@Service
public class ScheduleService {

    /** What a new schedule is; checked by the caller except for the cron expression and zone. */
    public record NewSchedule(String userId, String apiKey, String cron, String timeZone, String agent, String message,
                              String webhookUrl, CatchUp catchUp) {
    }

    private final ScheduleStore store;
    private final Clock clock;

    public ScheduleService(ScheduleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Stores the schedule; its first tick is the first after now.
     *
     * @throws CronSchedule.InvalidException when the expression or zone cannot be used, or never fires
     */
    public Schedule create(NewSchedule spec) throws CronSchedule.InvalidException {
        return create(spec, Ids.timeOrdered());
    }

    /**
     * As {@link #create(NewSchedule)}, with the id {@code scheduleId} (another API's object whose ticking this schedule
     * is, such as a LangGraph cron, keeps its id).
     */
    public Schedule create(NewSchedule spec, String scheduleId) throws CronSchedule.InvalidException {
        CronSchedule cron = CronSchedule.parse(spec.cron(), spec.timeZone());
        // the store keeps microseconds: the schedule returned is the schedule stored
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant first = cron.next(now);
        if (first == null) {
            throw new CronSchedule.InvalidException("cron", "never fires");
        }
        Schedule schedule = new Schedule(scheduleId, spec.userId(), spec.cron().strip(), spec.timeZone(),
                spec.agent(), spec.message(), spec.webhookUrl(), spec.apiKey(), spec.catchUp(), false, first, null, null,
                now, now);
        store.create(schedule);
        return schedule;
    }

    public Optional<Schedule> find(String scheduleId) {
        return store.find(scheduleId);
    }

    public List<Schedule> list(String userId, String afterScheduleId, int limit) {
        return store.list(userId, afterScheduleId, limit);
    }

    public boolean delete(String scheduleId) {
        return store.delete(scheduleId);
    }

    /** Stops the schedule's ticks until it is resumed (idempotent). */
    public Optional<Schedule> pause(String scheduleId) {
        return store.pause(scheduleId, clock.instant());
    }

    /** Restarts a paused schedule from its first tick after now: ticks while paused are skipped (idempotent). */
    public Optional<Schedule> resume(String scheduleId) {
        Optional<Schedule> schedule = store.find(scheduleId);
        if (schedule.isEmpty() || !schedule.get().paused()) {
            return schedule;
        }
        Instant now = clock.instant();
        Instant next;
        try {
            next = CronSchedule.parse(schedule.get().cron(), schedule.get().timeZone()).next(now);
        } catch (CronSchedule.InvalidException e) {
            throw new IllegalStateException("stored schedule " + scheduleId + " has an unusable cron expression", e);
        }
        return next == null ? schedule : store.resume(scheduleId, next, now);
    }
}
