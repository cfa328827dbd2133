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
import java.util.List;
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
        int inserted = jdbc.sql("insert into runs (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict do nothing")
                .params(run.runId(), run.taskId(), run.userId(), run.sessionId(), run.agent(), run.model(), run.mode(),
                        run.status().wireName(), run.success(), truncate(run.error()), run.iterations(),
                        run.toolCalls(), run.usage().inputTokens(), run.usage().outputTokens(),
                        run.usage().cacheReadTokens(), run.usage().cacheWriteTokens(), run.costUsd(),
                        run.latencyMs(), utc(run.createdAt()), utc(run.finishedAt()), run.scheduleId())
                .update();
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

    @Override
    public Optional<RunRecord> find(String runId) {
        return jdbc.sql("select " + COLUMNS + " from runs where run_id = ?").param(runId)
                .query(JdbcRunStore::map).optional();
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
