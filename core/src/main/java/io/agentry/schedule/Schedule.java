package io.agentry.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * A schedule: the agent run as a background task for its user on every tick of a cron expression.
 *
 * @param cron       a Spring cron expression (seconds first), as given
 * @param timeZone   IANA zone the expression is read in
 * @param agent      the agent's name
 * @param webhookUrl where each task's final JSON is posted, or null
 * @param apiKey     name of the API key that created the schedule (per-key spend budgets), or null
 * @param paused     a paused schedule makes no tasks; its ticks are skipped, not caught up
 * @param nextRunAt  the next tick due (while paused: meaningless until resumed)
 * @param lastRunAt  the tick of the last task the schedule made, or null
 * @param lastTaskId that task, or null
 */
public record Schedule(String scheduleId, String userId, String cron, String timeZone, String agent, String message,
                       String webhookUrl, String apiKey, CatchUp catchUp, boolean paused, Instant nextRunAt,
                       Instant lastRunAt, String lastTaskId, Instant createdAt, Instant updatedAt) {

    public Schedule {
        Objects.requireNonNull(scheduleId, "scheduleId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
    }
}
