package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.truncate;
import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link RunStore} on the SQL store (H2 embedded or PostgreSQL); same SQL for both. */
public final class JdbcRunStore implements RunStore {

    static final String COLUMNS = "run_id, task_id, user_id, session_id, agent, model, mode, status, success, error, "
            + "iterations, tool_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, "
            + "latency_ms, created_at, finished_at, schedule_id";

    private final JdbcClient jdbc;

    public JdbcRunStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void save(RunRecord run) {
        // a run is usually saved once: insert, and replace only a record that is already there. No exception for
        // the duplicate case: in PostgreSQL a failed statement would abort the caller's transaction (see RunService)
        int inserted = insert(run);
        if (inserted == 0) {
            jdbc.sql("""
                            update runs set task_id = ?, user_id = ?, session_id = ?, agent = ?, model = ?, mode = ?, status = ?,
                              success = ?, error = ?, iterations = ?, tool_calls = ?, input_tokens = ?, output_tokens = ?,
                              cache_read_tokens = ?, cache_write_tokens = ?, cost_usd = ?, latency_ms = ?, created_at = ?,
                              finished_at = ?, schedule_id = ?
                            where run_id = ?""")
                    .params(run.taskId(), run.userId(), run.sessionId(), run.agent(), run.model(), run.mode(),
                            run.status().wireName(), run.success(), truncate(run.error()), run.iterations(), run.toolCalls(),
                            run.usage().inputTokens(), run.usage().outputTokens(), run.usage().cacheReadTokens(),
                            run.usage().cacheWriteTokens(), run.costUsd(), run.latencyMs(), utc(run.createdAt()),
                            utc(run.finishedAt()), run.scheduleId(), run.runId())
                    .update();
        }
    }

    private int insert(RunRecord run) {
        return jdbc.sql("insert into runs (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict do nothing")
                .params(run.runId(), run.taskId(), run.userId(), run.sessionId(), run.agent(), run.model(), run.mode(),
                        run.status().wireName(), run.success(), truncate(run.error()), run.iterations(),
                        run.toolCalls(), run.usage().inputTokens(), run.usage().outputTokens(),
                        run.usage().cacheReadTokens(), run.usage().cacheWriteTokens(), run.costUsd(),
                        run.latencyMs(), utc(run.createdAt()), utc(run.finishedAt()), run.scheduleId())
                .update();
    }

    @Override
    public boolean saveIfAbsent(RunRecord run) {
        return insert(run) == 1;
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        return jdbc.sql("select " + COLUMNS + " from runs where run_id = ?").param(runId)
                .query(JdbcRunStore::map).optional();
    }

    /** Through the primary key, or the (user_id, run_id) index for one user's runs, backwards. */
    @Override
    public List<RunRecord> list(RunQuery q) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        filter(where, params, "user_id", q.userId());
        filter(where, params, "agent", q.agent());
        filter(where, params, "model", q.model());
        filter(where, params, "mode", q.mode());
        filter(where, params, "status", q.status() == null ? null : q.status().wireName());
        filter(where, params, "task_id", q.taskId());
        if (q.from() != null) {
            where.append(" and created_at >= :from_time");
            params.put("from_time", utc(q.from()));
        }
        if (q.to() != null) {
            where.append(" and created_at < :to_time");
            params.put("to_time", utc(q.to()));
        }
        if (q.beforeRunId() != null) {
            where.append(" and run_id < :before");
            params.put("before", q.beforeRunId());
        }
        params.put("limit", q.limit());
        // user_id first in the order when it is fixed, so that H2 walks the (user_id, run_id) index backwards
        String order = q.userId() != null ? "user_id desc, run_id desc" : "run_id desc";
        return jdbc.sql("select " + COLUMNS + " from runs where " + where + " order by " + order + " limit :limit")
                .params(params).query(JdbcRunStore::map).list();
    }

    private static void filter(StringBuilder where, Map<String, Object> params, String column, String value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = :").append(column);
            params.put(column, value);
        }
    }

    /** Through the (user_id, created_at) index: the user's runs, filtered. */
    @Override
    public List<String> runIds(String userId, String mode, Instant finishedSince) {
        return jdbc.sql("select run_id from runs where user_id = ? and mode = ? and (finished_at is null or finished_at >= ?)")
                .params(userId, mode, utc(finishedSince)).query(String.class).list();
    }

    @Override
    public int pseudonymise(String userId, String pseudonym) {
        return jdbc.sql("update runs set user_id = ?, session_id = null, error = null where user_id = ?")
                .params(pseudonym, userId).update();
    }

    static RunRecord map(ResultSet rs, int row) throws SQLException {
        return new RunRecord(rs.getString("run_id"), rs.getString("task_id"), rs.getString("user_id"), rs.getString("session_id"),
                rs.getString("agent"), rs.getString("model"), rs.getString("mode"),
                RunStatus.fromWireName(rs.getString("status")), rs.getBoolean("success"), rs.getString("error"),
                rs.getInt("iterations"), rs.getInt("tool_calls"),
                new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"),
                        rs.getLong("cache_write_tokens")),
                rs.getObject("cost_usd", BigDecimal.class), rs.getLong("latency_ms"),
                instant(rs, "created_at"), instant(rs, "finished_at"), rs.getString("schedule_id"));
    }
}
