package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.langgraph.LangGraphCron;
import io.agentry.langgraph.LangGraphRun;
import io.agentry.langgraph.LangGraphThread;
import io.agentry.langgraph.ThreadStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * {@link ThreadStore} on the SQL store (H2 embedded or PostgreSQL; same SQL for both). {@link #moveRun} is one
 * conditional {@code UPDATE ... WHERE dispatch = ?}, so of concurrent movers in any number of processes exactly
 * one matches.
 */
public final class JdbcThreadStore implements ThreadStore {

    private static final String THREAD_COLUMNS = "thread_id, user_id, metadata, created_at, updated_at";
    private static final String RUN_COLUMNS = "run_id, thread_id, user_id, assistant_id, agent, message, metadata, "
            + "multitask_strategy, stateless, webhook_url, api_key, created_at, not_before, dispatch, stream_modes";

    private static final String CRON_COLUMNS = "cron_id, user_id, assistant_id, thread_id, schedule, payload, metadata, "
            + "end_time, created_at, updated_at";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    public JdbcThreadStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public boolean create(LangGraphThread t) {
        try {
            return jdbc.sql("insert into langgraph_threads (" + THREAD_COLUMNS + ") values (?, ?, ?, ?, ?)")
                    .params(t.threadId(), t.userId(), t.metadataJson(), utc(t.createdAt()), utc(t.updatedAt()))
                    .update() == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<LangGraphThread> find(String threadId) {
        return jdbc.sql("select " + THREAD_COLUMNS + " from langgraph_threads where thread_id = ?").param(threadId)
                .query(JdbcThreadStore::thread).optional();
    }

    @Override
    public Optional<LangGraphThread> updateMetadata(String threadId, String metadataJson, Instant now) {
        jdbc.sql("update langgraph_threads set metadata = ?, updated_at = ? where thread_id = ?")
                .params(metadataJson, utc(now), threadId).update();
        return find(threadId);
    }

    @Override
    public boolean delete(String threadId) {
        Boolean deleted = transactions.execute(status -> {
            jdbc.sql("delete from langgraph_runs where thread_id = ?").param(threadId).update();
            return jdbc.sql("delete from langgraph_threads where thread_id = ?").param(threadId).update() == 1;
        });
        return Boolean.TRUE.equals(deleted);
    }

    @Override
    public List<LangGraphThread> list(String userId, int offset, int limit) {
        // the whole index in the order (user_id is fixed anyway): only then does H2 walk it instead of sorting
        return jdbc.sql("select " + THREAD_COLUMNS + " from langgraph_threads where user_id = ? "
                        + "order by user_id desc, created_at desc, thread_id desc limit ? offset ?")
                .params(userId, limit, offset).query(JdbcThreadStore::thread).list();
    }

    @Override
    public int deleteUser(String userId) {
        Integer threads = transactions.execute(status -> {
            jdbc.sql("delete from langgraph_runs where user_id = ?").param(userId).update();
            jdbc.sql("delete from langgraph_crons where user_id = ?").param(userId).update();
            return jdbc.sql("delete from langgraph_threads where user_id = ?").param(userId).update();
        });
        return threads == null ? 0 : threads;
    }

    @Override
    public void addRun(LangGraphRun r) {
        jdbc.sql("insert into langgraph_runs (" + RUN_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.runId(), r.threadId(), r.userId(), r.assistantId(), r.agent(), r.message(), r.metadataJson(),
                        r.multitaskStrategy(), r.stateless(), r.webhookUrl(), r.apiKey(), utc(r.createdAt()),
                        utc(r.notBefore()), wire(r.dispatch()), r.streamModes())
                .update();
    }

    @Override
    public Optional<LangGraphRun> findRun(String runId) {
        return jdbc.sql("select " + RUN_COLUMNS + " from langgraph_runs where run_id = ?").param(runId)
                .query(JdbcThreadStore::run).optional();
    }

    @Override
    public List<LangGraphRun> runs(String threadId, int offset, int limit) {
        return jdbc.sql("select " + RUN_COLUMNS + " from langgraph_runs where thread_id = ? "
                        + "order by thread_id desc, created_at desc, run_id desc limit ? offset ?")
                .params(threadId, limit, offset).query(JdbcThreadStore::run).list();
    }

    @Override
    public boolean deleteRun(String runId) {
        return jdbc.sql("delete from langgraph_runs where run_id = ?").param(runId).update() == 1;
    }

    @Override
    public List<LangGraphRun> due(Instant now, int limit) {
        return jdbc.sql("select " + RUN_COLUMNS + " from langgraph_runs where (dispatch = ? and not_before <= ?) "
                        + "or dispatch = ? order by created_at, run_id limit ?")
                .params(wire(LangGraphRun.Dispatch.WAITING), utc(now), wire(LangGraphRun.Dispatch.INTERRUPTED), limit)
                .query(JdbcThreadStore::run).list();
    }

    @Override
    public void addCron(LangGraphCron c) {
        jdbc.sql("insert into langgraph_crons (" + CRON_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.cronId(), c.userId(), c.assistantId(), c.threadId(), c.schedule(), c.payloadJson(), c.metadataJson(),
                        utc(c.endTime()), utc(c.createdAt()), utc(c.updatedAt()))
                .update();
    }

    @Override
    public Optional<LangGraphCron> findCron(String cronId) {
        return jdbc.sql("select " + CRON_COLUMNS + " from langgraph_crons where cron_id = ?").param(cronId)
                .query(JdbcThreadStore::cron).optional();
    }

    @Override
    public boolean updateCron(LangGraphCron c) {
        return jdbc.sql("update langgraph_crons set assistant_id = ?, thread_id = ?, schedule = ?, payload = ?, metadata = ?, "
                        + "end_time = ?, updated_at = ? where cron_id = ?")
                .params(c.assistantId(), c.threadId(), c.schedule(), c.payloadJson(), c.metadataJson(), utc(c.endTime()),
                        utc(c.updatedAt()), c.cronId())
                .update() == 1;
    }

    @Override
    public boolean deleteCron(String cronId) {
        return jdbc.sql("delete from langgraph_crons where cron_id = ?").param(cronId).update() == 1;
    }

    @Override
    public List<LangGraphCron> crons(String userId, int offset, int limit) {
        return jdbc.sql("select " + CRON_COLUMNS + " from langgraph_crons where user_id = ? "
                        + "order by user_id, created_at, cron_id limit ? offset ?")
                .params(userId, limit, offset).query(JdbcThreadStore::cron).list();
    }

    private static LangGraphCron cron(ResultSet rs, int row) throws SQLException {
        return new LangGraphCron(rs.getString("cron_id"), rs.getString("user_id"), rs.getString("assistant_id"),
                rs.getString("thread_id"), rs.getString("schedule"), rs.getString("payload"), rs.getString("metadata"),
                instant(rs, "end_time"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    @Override
    public boolean moveRun(String runId, LangGraphRun.Dispatch from, LangGraphRun.Dispatch to) {
        return jdbc.sql("update langgraph_runs set dispatch = ? where run_id = ? and dispatch = ?")
                .params(wire(to), runId, wire(from)).update() == 1;
    }

    private static String wire(LangGraphRun.Dispatch dispatch) {
        return dispatch.name().toLowerCase(Locale.ROOT);
    }

    private static LangGraphThread thread(ResultSet rs, int row) throws SQLException {
        return new LangGraphThread(rs.getString("thread_id"), rs.getString("user_id"), rs.getString("metadata"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static LangGraphRun run(ResultSet rs, int row) throws SQLException {
        return new LangGraphRun(rs.getString("run_id"), rs.getString("thread_id"), rs.getString("user_id"),
                rs.getString("assistant_id"), rs.getString("agent"), rs.getString("message"), rs.getString("metadata"),
                rs.getString("multitask_strategy"), rs.getBoolean("stateless"), rs.getString("webhook_url"),
                rs.getString("api_key"), instant(rs, "created_at"), instant(rs, "not_before"),
                LangGraphRun.Dispatch.valueOf(rs.getString("dispatch").toUpperCase(Locale.ROOT)), rs.getString("stream_modes"));
    }
}
