package io.agentry.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunStatus;
import io.agentry.server.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The status guard of {@link TaskMoves} on its own: a row whose status is not one a move may come from is left
 * alone even when everything else the caller asks for matches (here a lease token left on an ended task, which the
 * fence alone would accept), and a move the table forbids is refused before any SQL is sent.
 */
class TaskMovesTest {

    private static final DataSource DB = TestDatabases.h2();
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final JdbcClient jdbc = JdbcClient.create(DB);
    private final JdbcTaskQueue queue = new JdbcTaskQueue(DB);
    private final TaskMoves moves = new TaskMoves(jdbc, new TransactionTemplate(new DataSourceTransactionManager(DB)),
            new JdbcWebhookOutbox(DB));

    @BeforeEach
    void emptyQueue() {
        jdbc.sql("delete from tasks").update();
    }

    private String completedTaskWithALeftoverLease() {
        TaskRequest request = TaskRequest.builder("alice", "hi").webhookUrl("https://hooks.example/x").build();
        String id = queue.enqueue(UUID.randomUUID().toString(), request, null, null, 2, T0).task().taskId();
        Task claimed = queue.claim("w1", 1, Duration.ofSeconds(30), T0).getFirst();
        assertThat(queue.finish(id, claimed.lease().token(), RunStatus.COMPLETED, "{}", null, T0.plusSeconds(1))).isTrue();
        jdbc.sql("update tasks set lease_owner = 'w1', lease_token = 'leftover', lease_expires_at = ? where task_id = ?")
                .params(SqlValues.utc(T0.plusSeconds(30)), id).update();
        return id;
    }

    private List<Object> row(String id) {
        return jdbc.sql("select status, error, finished_at, attempts from tasks where task_id = ?").param(id)
                .query((rs, n) -> List.<Object>of(rs.getString(1), String.valueOf(rs.getString(2)),
                        String.valueOf(rs.getObject(3)), rs.getInt(4)))
                .single();
    }

    private long deliveries(String id) {
        return jdbc.sql("select count(*) from webhook_deliveries where task_id = ?").param(id).query(Long.class).single();
    }

    @Test
    void anEndedTaskIsNotMovedEvenByTheTokenOfItsLease() {
        String id = completedTaskWithALeftoverLease();
        List<Object> ended = row(id);

        assertThat(queue.finish(id, "leftover", RunStatus.FAILED, null, "late", T0.plusSeconds(5))).isFalse();
        assertThat(queue.retryLater(id, "leftover", T0.plusSeconds(6), "late", T0.plusSeconds(5)))
                .isEqualTo(TaskQueue.Handback.LOST);
        assertThat(queue.release(id, "leftover", T0.plusSeconds(5))).isEqualTo(TaskQueue.Handback.LOST);
        queue.recoverExpired(T0.plus(Duration.ofDays(1)));

        assertThat(row(id)).isEqualTo(ended);
        assertThat(deliveries(id)).isEqualTo(1);
    }

    @Test
    void aMoveTheTableForbidsIsRefusedBeforeAnySqlIsSent() {
        String id = completedTaskWithALeftoverLease();
        List<Object> ended = row(id);

        assertThatThrownBy(() -> moves.moveOne(id, EnumSet.of(RunStatus.COMPLETED), RunStatus.QUEUED, null, null,
                T0.plusSeconds(5))).isInstanceOf(IllegalStateException.class).hasMessageContaining("completed -> queued");
        assertThatThrownBy(() -> moves.moveOne(id, EnumSet.of(RunStatus.QUEUED, RunStatus.CANCELLED), RunStatus.CANCELLED,
                null, null, T0.plusSeconds(5))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> moves.moveAll(List.of(id), EnumSet.of(RunStatus.RUNNING), RunStatus.FAILED, null))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(row(id)).isEqualTo(ended);
        assertThat(deliveries(id)).isEqualTo(1);
    }
}
