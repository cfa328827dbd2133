package io.agentry.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The schedules, in the store shared by every process. Which ticks are due is decided from
 * {@link Schedule#nextRunAt()}; moving it forward is conditional ({@link #advance}), so when several
 * processes handle the same tick exactly one of them moves the schedule on. Safe for concurrent use by many
 * threads and processes; callers pass the time.
 */
public interface ScheduleStore {

    /** Stores a new schedule. */
    void create(Schedule schedule);

    Optional<Schedule> find(String scheduleId);

    /** A user's schedules, newest first, starting after the given schedule of an earlier page (null: first page). */
    List<Schedule> list(String userId, String afterScheduleId, int limit);

    /** Deletes the schedule; false when there was none. */
    boolean delete(String scheduleId);

    /** Deletes every schedule of the user; returns how many. Tasks they queued are not touched. */
    int deleteUser(String userId);

    /** Pauses the schedule (idempotent); the schedule as it is after, empty for an unknown id. */
    Optional<Schedule> pause(String scheduleId, Instant now);

    /**
     * Resumes a paused schedule from {@code nextRunAt} (the first tick after the resume); a schedule that is
     * not paused is left as it is. The schedule as it is after, empty for an unknown id.
     */
    Optional<Schedule> resume(String scheduleId, Instant nextRunAt, Instant now);

    /** Schedules that are not paused and whose next tick is due ({@code nextRunAt <= now}), earliest first. */
    List<Schedule> due(Instant now, int limit);

    /**
     * Moves the schedule's next tick from {@code from} to {@code to}, if it still is {@code from}; when the
     * tick made a task, records it ({@code firedTick}, {@code taskId}; both null otherwise). True for the one
     * caller that moved it. A tick is not a change of the schedule: its {@code updatedAt} (the user's last
     * change) stays as it is.
     */
    boolean advance(String scheduleId, Instant from, Instant to, Instant firedTick, String taskId);
}
