package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.truncate;
import static io.agentry.server.jdbc.SqlValues.utc;
import static io.agentry.server.jdbc.TaskMoves.NO_LEASE;
import static io.agentry.server.jdbc.TaskMoves.statusIn;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.queue.Lease;
import io.agentry.queue.Task;
import io.agentry.queue.TaskOutbox;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link TaskQueue} on the SQL store, the queue of record; the same SQL runs on PostgreSQL and H2. Every status
 * change is a {@link TaskMoves} move (guarded by {@link RunStatus}'s table, and writing the webhook outbox row of
 * a task that ends in the same transaction, so no final state goes unannounced even if the process dies right
 * after it); claims and recovery, which read the queue under {@code FOR UPDATE SKIP LOCKED}, are
 * {@link TaskClaims}.
 */
public final class JdbcTaskQueue implements TaskQueue {

    static final String COLUMNS = "task_id, user_id, agent, session_id, message, max_tokens, max_cost_usd, "
            + "metadata, webhook_url, api_key, idempotency_key, request_hash, status, attempts, max_retries, run_after, "
            + "lease_owner, lease_token, lease_expires_at, cancel_requested, result, error, created_at, started_at, "
            + "finished_at, schedule_id, traceparent, interruption, approval_deadline";
    /** What a fenced write finds: the task running under the writer's lease token. */
    private static final Set<RunStatus> HELD = EnumSet.of(RunStatus.RUNNING);
    private static final String HELD_BY_TOKEN = "lease_token = :token";
    /** A hand-back requeues only a task whose cancel was not requested: that one ends cancelled instead. */
    private static final String HELD_UNCANCELLED = HELD_BY_TOKEN + " and not cancel_requested";
    /** What a cancel ends at once: a task no worker holds. */
    private static final Set<RunStatus> WAITING = EnumSet.of(RunStatus.QUEUED, RunStatus.INTERRUPTED);
    /** Looks a cancel takes at a task that keeps moving between queued and running under it (rare: one suffices). */
    private static final int CANCEL_LOOKS = 3;
    /** The final statuses, which retention deletes. */
    private static final Set<RunStatus> FINAL = Arrays.stream(RunStatus.values()).filter(RunStatus::isTerminal)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(RunStatus.class)));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JdbcWebhookOutbox outbox;
    private final TaskMoves moves;
    private final TaskClaims claims;
    private final TaskApprovals approvals;

    public JdbcTaskQueue(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.outbox = new JdbcWebhookOutbox(dataSource);
        this.moves = new TaskMoves(jdbc, tx, outbox);
        this.claims = new TaskClaims(jdbc, tx, moves);
        this.approvals = new TaskApprovals(jdbc, moves, this::find);
    }

    @Override
    public Enqueued enqueue(String taskId, TaskRequest r, String idempotencyKey, String requestHash, int maxRetries,
                            Instant now) {
        // times at the store's precision, so the task returned is the row exactly (no need to read it back)
        Task task = Task.queued(taskId, r, idempotencyKey, requestHash, maxRetries, now.truncatedTo(ChronoUnit.MICROS));
        try {
            insert(task);
            return new Enqueued(task, true);
        } catch (DuplicateKeyException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            return new Enqueued(findByIdempotencyKey(r.userId(), idempotencyKey).orElseThrow(), false);
        }
    }

    private void insert(Task task) {
        TaskRequest r = task.request();
        Interruption interruption = task.interruption();
        jdbc.sql("insert into tasks (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(task.taskId(), r.userId(), r.agent(), r.sessionId(), r.message(), r.maxTokens(), r.maxCostUsd(),
                        r.metadataJson(), r.webhookUrl(), r.apiKey(), task.idempotencyKey(), task.requestHash(),
                        task.status().wireName(), task.attempts(), task.maxRetries(), utc(task.runAfter()), null, null, null,
                        task.cancelRequested(), task.resultJson(), task.error(), utc(task.createdAt()),
                        task.startedAt() == null ? null : utc(task.startedAt()), null, r.scheduleId(), r.traceparent(),
                        TaskInterruptions.write(interruption), interruption == null ? null : utc(interruption.deadline()))
                .update();
    }

    @Override
    public Optional<Task> find(String taskId) {
        return jdbc.sql("select " + COLUMNS + " from tasks where task_id = ?").param(taskId)
                .query(JdbcTaskQueue::map).optional();
    }

    @Override
    public Optional<Task> findByIdempotencyKey(String userId, String idempotencyKey) {
        return jdbc.sql("select " + COLUMNS + " from tasks where user_id = ? and idempotency_key = ?")
                .params(userId, idempotencyKey).query(JdbcTaskQueue::map).optional();
    }

    @Override
    public List<Task> list(String userId, RunStatus status, String afterTaskId, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from tasks where user_id = ?");
        List<Object> params = new ArrayList<>(List.of(userId));
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status.wireName());
        }
        if (afterTaskId != null) {
            Optional<Instant> after = jdbc.sql("select created_at from tasks where task_id = ? and user_id = ?")
                    .params(afterTaskId, userId).query((rs, n) -> instant(rs, "created_at")).optional();
            if (after.isEmpty()) {
                return List.of();
            }
            sql.append(" and (created_at < ? or (created_at = ? and task_id < ?))");
            params.addAll(List.of(utc(after.get()), utc(after.get()), afterTaskId));
        }
        // the whole index in the order (user_id is fixed anyway): only then does H2 walk it instead of sorting
        sql.append(" order by user_id desc, created_at desc, task_id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(JdbcTaskQueue::map).list();
    }

    @Override
    public List<Task> claim(String owner, int max, Duration leaseDuration, Instant now) {
        return claims.claim(owner, max, leaseDuration, now);
    }

    @Override
    public Renewal renew(String taskId, String leaseToken, Instant expiresAt) {
        int updated = jdbc.sql("update tasks set lease_expires_at = ? where task_id = ? and lease_token = ? and "
                        + statusIn(HELD))
                .params(utc(expiresAt), taskId, leaseToken).update();
        if (updated == 0) {
            return Renewal.LOST;
        }
        boolean cancel = jdbc.sql("select cancel_requested from tasks where task_id = ?").param(taskId)
                .query(Boolean.class).optional().orElse(false);
        return cancel ? Renewal.CANCEL_REQUESTED : Renewal.RENEWED;
    }

    @Override
    public boolean holdsLease(String taskId, String leaseToken) {
        return jdbc.sql("select 1 from tasks where task_id = ? and lease_token = ? and " + statusIn(HELD) + " for update")
                .params(taskId, leaseToken).query(Integer.class).optional().isPresent();
    }

    @Override
    public boolean finish(String taskId, String leaseToken, RunStatus outcome, String resultJson, String error, Instant now) {
        if (!outcome.isTerminal()) {
            throw new IllegalArgumentException("not a final status: " + outcome);
        }
        return moves.moveOne(taskId, HELD, outcome, "result = :result, error = :error, finished_at = :now, " + NO_LEASE,
                HELD_BY_TOKEN, now, "token", leaseToken, "result", resultJson, "error", truncate(error), "now", now);
    }

    @Override
    public Handback retryLater(String taskId, String leaseToken, Instant runAfter, String error, Instant now) {
        return handBack(taskId, leaseToken, now, Handback.REQUEUED, () -> moves.moveOne(taskId, HELD, RunStatus.QUEUED,
                "run_after = :run_after, error = :error, " + NO_LEASE, HELD_UNCANCELLED, now,
                "token", leaseToken, "run_after", runAfter, "error", truncate(error)));
    }

    @Override
    public Handback release(String taskId, String leaseToken, Instant now) {
        return handBack(taskId, leaseToken, now, Handback.REQUEUED, () -> moves.moveOne(taskId, HELD, RunStatus.QUEUED,
                "run_after = :now, attempts = attempts - 1, " + NO_LEASE, HELD_UNCANCELLED, now,
                "token", leaseToken, "now", now));
    }

    /**
     * A fenced hand-back: ends the task cancelled when a cancel was requested, else runs {@code requeue} (a move back
     * to the queue, or to interrupted: {@code moved} says which), which moves only a task still not flagged. Neither statement locks a row it does not change, so a cancel can flag
     * the task between them: the requeue then finds nothing and the second look ends the task cancelled. A cancel
     * that comes after the requeue finds the task queued and ends it itself (see {@link #cancel}).
     */
    private Handback handBack(String taskId, String leaseToken, Instant now, Handback moved, BooleanSupplier requeue) {
        return tx.execute(status -> {
            if (cancelHeld(taskId, leaseToken, now)) {
                return Handback.CANCELLED;
            }
            if (requeue.getAsBoolean()) {
                return moved;
            }
            return cancelHeld(taskId, leaseToken, now) ? Handback.CANCELLED : Handback.LOST;
        });
    }

    private boolean cancelHeld(String taskId, String leaseToken, Instant now) {
        return moves.moveOne(taskId, HELD, RunStatus.CANCELLED, "error = :error, finished_at = :now, " + NO_LEASE,
                HELD_BY_TOKEN + " and cancel_requested", now, "token", leaseToken, "error", CANCELLED_ERROR, "now", now);
    }

    @Override
    public Handback interrupt(String taskId, String leaseToken, Interruption interruption, Instant now) {
        Instant deadline = interruption.deadline().truncatedTo(ChronoUnit.MICROS);
        return handBack(taskId, leaseToken, now, Handback.INTERRUPTED, () -> moves.moveOne(taskId, HELD,
                RunStatus.INTERRUPTED, "interruption = :interruption, approval_deadline = :deadline, " + NO_LEASE,
                HELD_UNCANCELLED, now, "token", leaseToken, "interruption", TaskInterruptions.write(interruption),
                "deadline", deadline));
    }

    @Override
    public Task enqueueInterrupted(String taskId, TaskRequest request, int maxRetries, Interruption interruption,
                                   Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        Task task = Task.builder(taskId, request).status(RunStatus.INTERRUPTED).maxRetries(maxRetries).runAfter(at)
                .createdAt(at).startedAt(at)
                .interruption(interruption.withDeadline(interruption.deadline().truncatedTo(ChronoUnit.MICROS))).build();
        insert(task);
        return task;
    }

    @Override
    public Resume resume(String taskId, Instant deadline, List<Decision> decisions, Instant now) {
        return approvals.resume(taskId, deadline, decisions, now);
    }

    @Override
    public boolean endInterrupted(String taskId, Instant deadline, RunStatus outcome, String resultJson, String error,
                                  Instant now) {
        return approvals.endInterrupted(taskId, deadline, outcome, resultJson, error, now);
    }

    @Override
    public List<Task> expiredApprovals(Instant now, int limit) {
        return approvals.expired(now, limit);
    }

    /**
     * Ends a queued task, or flags a running one for its worker. The task can change between the two statements
     * (a hand-back or a recovery puts it back in the queue, a claim takes it): then neither finds it, and the cancel
     * looks again, so it is never lost to a move that happened in between.
     */
    @Override
    public Optional<Cancel> cancel(String taskId, Instant now) {
        Boolean endedNow = null;
        for (int look = 0; look < CANCEL_LOOKS && endedNow == null; look++) {
            endedNow = tx.execute(status -> {
                if (moves.moveOne(taskId, WAITING, RunStatus.CANCELLED,
                        "cancel_requested = true, error = :error, finished_at = :now", null, now,
                        "error", CANCELLED_ERROR, "now", now)) {
                    return true;
                }
                // a running task is only flagged: its worker stops the run and ends the task itself
                int flagged = jdbc.sql("update tasks set cancel_requested = true where task_id = ? and "
                        + statusIn(RunStatus.RUNNING)).param(taskId).update();
                return flagged == 1 ? Boolean.FALSE : null;
            });
        }
        boolean ended = Boolean.TRUE.equals(endedNow);
        return find(taskId).map(task -> new Cancel(task, ended));
    }

    @Override
    public Recovery recoverExpired(Instant now) {
        return claims.recoverExpired(now);
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff) {
        // webhook deliveries go with their task (on delete cascade)
        return jdbc.sql("delete from tasks where " + statusIn(FINAL) + " and finished_at < ?")
                .param(utc(cutoff)).update();
    }

    @Override
    public int deleteEndedOf(String userId) {
        // webhook deliveries go with their task (on delete cascade)
        return jdbc.sql("delete from tasks where user_id = ? and " + statusIn(FINAL)).param(userId).update();
    }

    @Override
    public Stats stats(Instant now) {
        long queued = jdbc.sql("select count(*) from tasks where " + statusIn(RunStatus.QUEUED)).query(Long.class).single();
        long running = jdbc.sql("select count(*) from tasks where " + statusIn(RunStatus.RUNNING)).query(Long.class).single();
        Instant oldest = jdbc.sql("select min(run_after) from tasks where " + statusIn(RunStatus.QUEUED) + " and run_after <= ?")
                .param(utc(now)).query((rs, n) -> instant(rs, 1)).list().getFirst();
        return new Stats(queued, running, oldest == null ? Duration.ZERO : Duration.between(oldest, now));
    }

    @Override
    public TaskOutbox outbox() {
        return outbox;
    }

    /** A row as the task it is: reading back what was stored is not a transition. */
    static Task map(ResultSet rs, int row) throws SQLException {
        long maxTokens = rs.getLong("max_tokens");
        Long maxTokensOrNull = rs.wasNull() ? null : maxTokens;
        TaskRequest request = TaskRequest.builder(rs.getString("user_id"), rs.getString("message"))
                .agent(rs.getString("agent")).sessionId(rs.getString("session_id"))
                .maxTokens(maxTokensOrNull).maxCostUsd(rs.getObject("max_cost_usd", BigDecimal.class))
                .metadataJson(rs.getString("metadata")).webhookUrl(rs.getString("webhook_url"))
                .apiKey(rs.getString("api_key")).scheduleId(rs.getString("schedule_id"))
                .traceparent(rs.getString("traceparent")).build();
        String token = rs.getString("lease_token");
        Lease lease = token == null ? null
                : new Lease(rs.getString("lease_owner"), token, instant(rs, "lease_expires_at"));
        return Task.builder(rs.getString("task_id"), request).idempotencyKey(rs.getString("idempotency_key"))
                .requestHash(rs.getString("request_hash")).status(RunStatus.fromWireName(rs.getString("status")))
                .attempts(rs.getInt("attempts")).maxRetries(rs.getInt("max_retries")).runAfter(instant(rs, "run_after"))
                .lease(lease).cancelRequested(rs.getBoolean("cancel_requested")).resultJson(rs.getString("result"))
                .error(rs.getString("error")).createdAt(instant(rs, "created_at")).startedAt(instant(rs, "started_at"))
                .finishedAt(instant(rs, "finished_at"))
                .interruption(TaskInterruptions.read(rs.getString("interruption"), instant(rs, "approval_deadline"))).build();
    }
}
