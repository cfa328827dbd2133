package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.utc;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import io.agentry.cost.Usage;
import io.agentry.journal.Fence;
import io.agentry.journal.JournalStep;
import io.agentry.journal.RunJournal;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link RunJournal} on the SQL store (H2 embedded or PostgreSQL), in the {@code run_journal} table beside the queue.
 * A fenced append locks the task's row ({@code FOR UPDATE}) while it checks the lease token and inserts, so a claim
 * or a move of the task (which update that row) waits for it or comes before it, never between the check and the
 * write. Joins the caller's transaction when there is one (the run's record and its final answer commit together).
 */
public final class JdbcRunJournal implements RunJournal {

    private static final String COLUMNS = "journal_id, iteration, position, kind, run_id, user_id, written_at, reply, model, "
            + "finish_reason, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, duration_ms, "
            + "call_id, tool, arguments, result, error";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;

    public JdbcRunJournal(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public boolean append(String journalId, String userId, Fence fence, List<JournalStep> steps) {
        Boolean written = tx.execute(status -> {
            if (fence.isFenced() && jdbc.sql("select 1 from tasks where task_id = ? and lease_token = ? and "
                            + TaskMoves.statusIn(RunStatus.RUNNING) + " for update")
                    .params(fence.taskId(), fence.leaseToken()).query(Integer.class).optional().isEmpty()) {
                return false;
            }
            List<Object[]> rows = new ArrayList<>(steps.size());
            for (JournalStep step : steps) {
                rows.add(row(journalId, userId, step));
            }
            template.batchUpdate("insert into run_journal (" + COLUMNS + ") values "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", rows);
            return true;
        });
        return Boolean.TRUE.equals(written);
    }

    private static Object[] row(String journalId, String userId, JournalStep step) {
        Object[] row = new Object[21];
        row[0] = journalId;
        row[1] = step.iteration();
        row[2] = step.position();
        row[3] = step.kind().name().toLowerCase(Locale.ROOT);
        row[4] = step.runId();
        row[5] = userId;
        row[6] = utc(step.at());
        switch (step) {
            case JournalStep.ModelCall m -> {
                row[7] = ChatMessageSerializer.messageToJson(m.reply());
                row[8] = m.model();
                row[9] = m.finishReason();
                row[10] = m.usage().inputTokens();
                row[11] = m.usage().outputTokens();
                row[12] = m.usage().cacheReadTokens();
                row[13] = m.usage().cacheWriteTokens();
                row[14] = m.costUsd();
                row[15] = m.latencyMs();
            }
            case JournalStep.ToolStarted t -> {
                row[16] = t.callId();
                row[17] = t.tool();
                row[18] = t.arguments();
            }
            case JournalStep.ToolFinished t -> {
                row[15] = t.durationMs();
                row[16] = t.callId();
                row[17] = t.tool();
                row[18] = t.arguments();
                row[19] = t.result();
                row[20] = t.error();
            }
        }
        return row;
    }

    @Override
    public List<JournalStep> steps(String journalId) {
        List<JournalStep> steps = new ArrayList<>(jdbc.sql("select " + COLUMNS + " from run_journal where journal_id = ?"
                        + " order by iteration, position").param(journalId).query(JdbcRunJournal::map).list());
        steps.sort(Comparator.comparing(JournalStep::key));
        return steps;
    }

    @Override
    public int deleteUser(String userId) {
        return jdbc.sql("delete from run_journal where user_id = ?").param(userId).update();
    }

    @Override
    public int deleteWrittenBefore(Instant cutoff) {
        return jdbc.sql("delete from run_journal where journal_id in (select journal_id from run_journal group by journal_id"
                + " having max(written_at) < ?)").param(utc(cutoff)).update();
    }

    private static JournalStep map(ResultSet rs, int row) throws SQLException {
        JournalStep.Kind kind = JournalStep.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT));
        int iteration = rs.getInt("iteration");
        int position = rs.getInt("position");
        String runId = rs.getString("run_id");
        Instant at = instant(rs, "written_at");
        return switch (kind) {
            case MODEL_CALL -> new JournalStep.ModelCall(iteration, runId,
                    (AiMessage) ChatMessageDeserializer.messageFromJson(rs.getString("reply")),
                    new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"),
                            rs.getLong("cache_write_tokens")),
                    rs.getObject("cost_usd", BigDecimal.class), rs.getString("model"), rs.getString("finish_reason"),
                    rs.getLong("duration_ms"), at);
            case TOOL_STARTED -> new JournalStep.ToolStarted(iteration, position, runId, rs.getString("call_id"),
                    rs.getString("tool"), rs.getString("arguments"), at);
            case TOOL_FINISHED -> new JournalStep.ToolFinished(iteration, position, runId, rs.getString("call_id"),
                    rs.getString("tool"), rs.getString("arguments"), rs.getString("result"), rs.getString("error"),
                    rs.getLong("duration_ms"), at);
        };
    }
}
