package io.agentry.schedule;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link ScheduleStore} in memory, for tests and benchmarks: one lock, nothing survives a restart. */
public final class InMemoryScheduleStore implements ScheduleStore {

    private static final Comparator<Schedule> NEWEST_FIRST =
            Comparator.comparing(Schedule::createdAt).thenComparing(Schedule::scheduleId).reversed();

    private final Map<String, Schedule> schedules = new LinkedHashMap<>();

    @Override
    public synchronized void create(Schedule schedule) {
        if (schedules.putIfAbsent(schedule.scheduleId(), schedule) != null) {
            throw new IllegalArgumentException("schedule " + schedule.scheduleId() + " exists");
        }
    }

    @Override
    public synchronized Optional<Schedule> find(String scheduleId) {
        return Optional.ofNullable(schedules.get(scheduleId));
    }

    @Override
    public synchronized List<Schedule> list(String userId, String afterScheduleId, int limit) {
        Schedule after = afterScheduleId == null ? null : schedules.get(afterScheduleId);
        if (afterScheduleId != null && (after == null || !after.userId().equals(userId))) {
            return List.of();
        }
        return schedules.values().stream()
                .filter(s -> s.userId().equals(userId))
                .sorted(NEWEST_FIRST)
                .filter(s -> after == null || NEWEST_FIRST.compare(s, after) > 0)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized int deleteUser(String userId) {
        int before = schedules.size();
        schedules.values().removeIf(s -> s.userId().equals(userId));
        return before - schedules.size();
    }

    @Override
    public synchronized boolean delete(String scheduleId) {
        return schedules.remove(scheduleId) != null;
    }

    @Override
    public synchronized Optional<Schedule> pause(String scheduleId, Instant now) {
        Schedule s = schedules.get(scheduleId);
        if (s != null && !s.paused()) {
            s = new Schedule(s.scheduleId(), s.userId(), s.cron(), s.timeZone(), s.agent(), s.message(), s.webhookUrl(),
                    s.apiKey(), s.catchUp(), true, s.nextRunAt(), s.lastRunAt(), s.lastTaskId(), s.createdAt(), now);
            schedules.put(scheduleId, s);
        }
        return Optional.ofNullable(s);
    }

    @Override
    public synchronized Optional<Schedule> resume(String scheduleId, Instant nextRunAt, Instant now) {
        Schedule s = schedules.get(scheduleId);
        if (s != null && s.paused()) {
            s = new Schedule(s.scheduleId(), s.userId(), s.cron(), s.timeZone(), s.agent(), s.message(), s.webhookUrl(),
                    s.apiKey(), s.catchUp(), false, nextRunAt, s.lastRunAt(), s.lastTaskId(), s.createdAt(), now);
            schedules.put(scheduleId, s);
        }
        return Optional.ofNullable(s);
    }

    @Override
    public synchronized List<Schedule> due(Instant now, int limit) {
        return schedules.values().stream()
                .filter(s -> !s.paused() && !s.nextRunAt().isAfter(now))
                .sorted(Comparator.comparing(Schedule::nextRunAt).thenComparing(Schedule::scheduleId))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean advance(String scheduleId, Instant from, Instant to, Instant firedTick, String taskId) {
        Schedule s = schedules.get(scheduleId);
        if (s == null || !s.nextRunAt().equals(from)) {
            return false;
        }
        schedules.put(scheduleId, new Schedule(s.scheduleId(), s.userId(), s.cron(), s.timeZone(), s.agent(), s.message(),
                s.webhookUrl(), s.apiKey(), s.catchUp(), s.paused(), to, firedTick == null ? s.lastRunAt() : firedTick,
                firedTick == null ? s.lastTaskId() : taskId, s.createdAt(), s.updatedAt()));
        return true;
    }
}
