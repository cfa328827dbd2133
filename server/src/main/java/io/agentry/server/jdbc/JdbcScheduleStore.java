package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.schedule.CatchUp;
import io.agentry.schedule.Schedule;
import io.agentry.schedule.ScheduleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link ScheduleStore} on the SQL store (H2 embedded or PostgreSQL; same SQL for both). {@link #advance}
 * is one conditional {@code UPDATE ... WHERE next_run_at = ?}: of concurrent callers in any number of
 * processes, the database lets exactly one match.
 */
public final class JdbcScheduleStore implements ScheduleStore {

    private static final String COLUMNS = "schedule_id, user_id, cron, time_zone, agent, message, webhook_url, api_key, "
            + "catch_up, paused, next_run_at, last_run_at, last_task_id, created_at, updated_at";

    private final JdbcClient jdbc;

    public JdbcScheduleStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void create(Schedule s) {
        jdbc.sql("insert into schedules (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.scheduleId(), s.userId(), s.cron(), s.timeZone(), s.agent(), s.message(), s.webhookUrl(),
                        s.apiKey(), s.catchUp().wireName(), s.paused(), utc(s.nextRunAt()), utc(s.lastRunAt()),
                        s.lastTaskId(), utc(s.createdAt()), utc(s.updatedAt()))
                .update();
    }

    @Override
    public Optional<Schedule> find(String scheduleId) {
        return jdbc.sql("select " + COLUMNS + " from schedules where schedule_id = ?").param(scheduleId)
                .query(JdbcScheduleStore::map).optional();
    }

    @Override
    public List<Schedule> list(String userId, String afterScheduleId, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from schedules where user_id = ?");
        List<Object> params = new ArrayList<>(List.of(userId));
        if (afterScheduleId != null) {
            Optional<Instant> after = jdbc.sql("select created_at from schedules where schedule_id = ? and user_id = ?")
                    .params(afterScheduleId, userId).query((rs, n) -> instant(rs, "created_at")).optional();
            if (after.isEmpty()) {
                return List.of();
            }
            sql.append(" and (created_at < ? or (created_at = ? and schedule_id < ?))");
            params.addAll(List.of(utc(after.get()), utc(after.get()), afterScheduleId));
        }
        // the whole index in the order (user_id is fixed anyway): only then does H2 walk it instead of sorting
        sql.append(" order by user_id desc, created_at desc, schedule_id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(JdbcScheduleStore::map).list();
    }

    @Override
    public boolean delete(String scheduleId) {
        return jdbc.sql("delete from schedules where schedule_id = ?").param(scheduleId).update() == 1;
    }

    @Override
    public int deleteUser(String userId) {
        return jdbc.sql("delete from schedules where user_id = ?").param(userId).update();
    }

    @Override
    public Optional<Schedule> pause(String scheduleId, Instant now) {
        jdbc.sql("update schedules set paused = true, updated_at = ? where schedule_id = ? and paused = false")
                .params(utc(now), scheduleId).update();
        return find(scheduleId);
    }

    @Override
    public Optional<Schedule> resume(String scheduleId, Instant nextRunAt, Instant now) {
        jdbc.sql("update schedules set paused = false, next_run_at = ?, updated_at = ? where schedule_id = ? and paused = true")
                .params(utc(nextRunAt), utc(now), scheduleId).update();
        return find(scheduleId);
    }

    @Override
    public List<Schedule> due(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from schedules where paused = false and next_run_at <= ? "
                        + "order by next_run_at, schedule_id limit ?")
                .params(utc(now), limit).query(JdbcScheduleStore::map).list();
    }

    @Override
    public boolean advance(String scheduleId, Instant from, Instant to, Instant firedTick, String taskId) {
        if (firedTick == null) {
            return jdbc.sql("update schedules set next_run_at = ? where schedule_id = ? and next_run_at = ?")
                    .params(utc(to), scheduleId, utc(from)).update() == 1;
        }
        return jdbc.sql("""
                        update schedules set next_run_at = ?, last_run_at = ?, last_task_id = ?
                        where schedule_id = ? and next_run_at = ?""")
                .params(utc(to), utc(firedTick), taskId, scheduleId, utc(from)).update() == 1;
    }

    private static Schedule map(ResultSet rs, int row) throws SQLException {
        return new Schedule(rs.getString("schedule_id"), rs.getString("user_id"), rs.getString("cron"),
                rs.getString("time_zone"), rs.getString("agent"), rs.getString("message"), rs.getString("webhook_url"),
                rs.getString("api_key"), CatchUp.fromWireName(rs.getString("catch_up")), rs.getBoolean("paused"),
                instant(rs, "next_run_at"), instant(rs, "last_run_at"), rs.getString("last_task_id"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
