package io.agentry.server.schedules;

import io.agentry.schedule.Schedule;
import java.time.Instant;
import java.util.Optional;

/**
 * What a tick of some schedules makes instead of a plain task: another API's run (the LangGraph API's crons make
 * LangGraph runs, which become tasks). The ticker asks each target before it queues a task; a target owns the
 * schedules it answers for.
 */
public interface ScheduleTickTarget {

    /** What a tick made: the id of its task (or of what becomes one); null when the tick made nothing. */
    record Fired(String taskId) {
    }

    /**
     * Makes the tick's work if the schedule is this target's, else empty. Called again for the same tick after a crash
     * or by another process, it must make nothing new (be idempotent per schedule and tick).
     */
    Optional<Fired> fire(Schedule schedule, Instant tick);
}
