package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.truncate;
import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.queue.Lease;
import io.agentry.queue.Task;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link TaskQueue} on the SQL store, the queue of record; the same SQL runs on PostgreSQL and H2 (both
 * support {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers in any number of processes skip each
 * other's rows instead of waiting for them). A claim reads candidates in queue order through an index, then
 * locks those still queued: H2 answers {@code FOR UPDATE ... LIMIT n} by reading every matching row, which made
 * each claim cost as much as the whole queue.
 *
 * <p>Webhook outbox: every transition to a final state of a task that has a {@code webhook_url} inserts
 * its delivery into {@code webhook_deliveries} in the same transaction, so no final state goes
 * unannounced even if the process dies right after it.
 */
public final class JdbcTaskQueue implements TaskQueue {

    /** Rounds of candidates a claim looks at when other claimers took the ones it read. */
    private static final int CLAIM_ROUNDS = 3;
    private static final String COLUMNS = "task_id, user_id, agent, session_id, message, max_tokens, max_cost_usd, "
            + "metadata, webhook_url, api_key, idempotency_key, request_hash, status, attempts, max_retries, run_after, "
            + "lease_owner, lease_token, lease_expires_at, cancel_requested, result, error, created_at, started_at, "
            + "finished_at, schedule_id, traceparent";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JdbcTaskQueue(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Enqueued enqueue(String taskId, TaskRequest r, String idempotencyKey, String requestHash, int maxRetries,
                            Instant now) {
        try {
            jdbc.sql("insert into tasks (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(taskId, r.userId(), r.agent(), r.sessionId(), r.message(), r.maxTokens(), r.maxCostUsd(),
                            r.metadataJson(), r.webhookUrl(), r.apiKey(), idempotencyKey, requestHash, RunStatus.QUEUED.wireName(), 0,
                            maxRetries, utc(now), null, null, null, false, null, null, utc(now), null, null, r.scheduleId(),
                            r.traceparent())
                    .update();
            // the row is exactly what was given: no need to read it back (times at the store's precision)
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
            return new Enqueued(new Task(taskId, r, idempotencyKey, requestHash, RunStatus.QUEUED, 0, maxRetries, at, null,
                    false, null, null, at, null, null), true);
        } catch (DuplicateKeyException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            return new Enqueued(findByIdempotencyKey(r.userId(), idempotencyKey).orElseThrow(), false);
        }
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
        if (max <= 0) {
            return List.of();
        }
        // one token for the whole batch: a token only has to differ between attempts of the same task
        String token = UUID.randomUUID().toString();
        Instant expires = now.plus(leaseDuration);
        List<Task> claimed = tx.execute(status -> {
            List<Task> taken = new ArrayList<>(max);
            for (int round = 0; round < CLAIM_ROUNDS && taken.size() < max; round++) {
                int wanted = max - taken.size();
                int asked = Math.min(wanted * 2, wanted + 64);
                // candidates in queue order, read through the index without locks (FOR UPDATE with LIMIT makes H2
                // read every queued row first); then the ones still queued and not being claimed by anyone else
                List<String> candidates = jdbc.sql("""
                                select task_id from tasks where status = 'queued' and run_after <= ?
                                order by status, run_after, created_at limit ?""")
                        .params(utc(now), asked).query(String.class).list();
                if (candidates.isEmpty()) {
                    break;
                }
                List<Task> locked = jdbc.sql("select " + COLUMNS + """
                                 from tasks where task_id in (:ids) and status = 'queued' and run_after <= :now
                                order by run_after, created_at limit :max for update skip locked""")
                        .param("ids", candidates).param("now", utc(now)).param("max", wanted)
                        .query(JdbcTaskQueue::map).list();
                if (!locked.isEmpty()) {
                    jdbc.sql("""
                                    update tasks set status = 'running', attempts = attempts + 1, lease_owner = :owner,
                                      lease_token = :token, lease_expires_at = :expires, cancel_requested = false,
                                      started_at = coalesce(started_at, :now)
                                    where task_id in (:ids)""")
                            .param("owner", owner).param("token", token).param("expires", utc(expires))
                            .param("now", utc(now)).param("ids", locked.stream().map(Task::taskId).toList())
                            .update();
                    taken.addAll(locked);
                }
                if (candidates.size() < asked) {
                    break;  // the queue has no more
                }
            }
            return taken;
        });
        if (claimed == null || claimed.isEmpty()) {
            return List.of();
        }
        // the rows are locked by this claim until it commits: they are now as the update made them
        Lease lease = new Lease(owner, token, expires.truncatedTo(ChronoUnit.MICROS));
        Instant started = now.truncatedTo(ChronoUnit.MICROS);
        return claimed.stream().map(t -> new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(),
                RunStatus.RUNNING, t.attempts() + 1, t.maxRetries(), t.runAfter(), lease, false, t.resultJson(), t.error(),
                t.createdAt(), t.startedAt() != null ? t.startedAt() : started, t.finishedAt())).toList();
    }

    @Override
    public Renewal renew(String taskId, String leaseToken, Instant expiresAt) {
        int updated = jdbc.sql("update tasks set lease_expires_at = ? where task_id = ? and lease_token = ? and status = 'running'")
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
        return jdbc.sql("select 1 from tasks where task_id = ? and lease_token = ? and status = 'running' for update")
                .params(taskId, leaseToken).query(Integer.class).optional().isPresent();
    }

    @Override
    public boolean finish(String taskId, String leaseToken, RunStatus outcome, String resultJson, String error, Instant now) {
        if (!outcome.isTerminal()) {
            throw new IllegalArgumentException("not a final status: " + outcome);
        }
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.sql("""
                            update tasks set status = ?, result = ?, error = ?, finished_at = ?, lease_owner = null,
                              lease_token = null, lease_expires_at = null
                            where task_id = ? and lease_token = ? and status = 'running'""")
                    .params(outcome.wireName(), resultJson, truncate(error), utc(now), taskId, leaseToken).update();
            if (updated == 1) {
                announce(taskId, now);
            }
            return updated == 1;
        }));
    }

    @Override
    public Handback retryLater(String taskId, String leaseToken, Instant runAfter, String error, Instant now) {
        return handBack(taskId, leaseToken, now, () -> jdbc.sql("""
                        update tasks set status = 'queued', run_after = ?, error = ?, lease_owner = null,
                          lease_token = null, lease_expires_at = null
                        where task_id = ? and lease_token = ? and status = 'running'""")
                .params(utc(runAfter), truncate(error), taskId, leaseToken).update());
    }

    @Override
    public Handback release(String taskId, String leaseToken, Instant now) {
        return handBack(taskId, leaseToken, now, () -> jdbc.sql("""
                        update tasks set status = 'queued', run_after = ?, attempts = attempts - 1, lease_owner = null,
                          lease_token = null, lease_expires_at = null
                        where task_id = ? and lease_token = ? and status = 'running'""")
                .params(utc(now), taskId, leaseToken).update());
    }

    /** A fenced hand-back: ends the task cancelled when a cancel was requested, else runs {@code requeue}. */
    private Handback handBack(String taskId, String leaseToken, Instant now, java.util.function.IntSupplier requeue) {
        return tx.execute(status -> {
            int cancelled = jdbc.sql("""
                            update tasks set status = 'cancelled', error = ?, finished_at = ?, lease_owner = null,
                              lease_token = null, lease_expires_at = null
                            where task_id = ? and lease_token = ? and status = 'running' and cancel_requested""")
                    .params(CANCELLED_ERROR, utc(now), taskId, leaseToken).update();
            if (cancelled == 1) {
                announce(taskId, now);
                return Handback.CANCELLED;
            }
            return requeue.getAsInt() == 1 ? Handback.REQUEUED : Handback.LOST;
        });
    }

    @Override
    public Optional<Cancel> cancel(String taskId, Instant now) {
        Boolean endedNow = tx.execute(status -> {
            int cancelled = jdbc.sql("""
                            update tasks set status = 'cancelled', cancel_requested = true, finished_at = ?
                            where task_id = ? and status = 'queued'""")
                    .params(utc(now), taskId).update();
            if (cancelled == 1) {
                announce(taskId, now);
            } else {
                jdbc.sql("update tasks set cancel_requested = true where task_id = ? and status = 'running'")
                        .param(taskId).update();
            }
            return cancelled == 1;
        });
        return find(taskId).map(task -> new Cancel(task, Boolean.TRUE.equals(endedNow)));
    }

    @Override
    public Recovery recoverExpired(Instant now) {
        int[] counts = new int[3];
        List<String> ended = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            record Expired(String taskId, int attempts, int maxRetries, boolean cancelRequested) {
            }
            List<Expired> expired = jdbc.sql("""
                            select task_id, attempts, max_retries, cancel_requested from tasks
                            where status = 'running' and lease_expires_at < ? for update skip locked""")
                    .param(utc(now))
                    .query((rs, n) -> new Expired(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4)))
                    .list();
            for (Expired e : expired) {
                if (e.cancelRequested()) {
                    jdbc.sql("""
                                    update tasks set status = 'cancelled', finished_at = ?, lease_owner = null,
                                      lease_token = null, lease_expires_at = null where task_id = ?""")
                            .params(utc(now), e.taskId()).update();
                    announce(e.taskId(), now);
                    counts[2]++;
                    ended.add(e.taskId());
                } else if (e.attempts() <= e.maxRetries()) {
                    jdbc.sql("""
                                    update tasks set status = 'queued', run_after = ?, error = ?, lease_owner = null,
                                      lease_token = null, lease_expires_at = null where task_id = ?""")
                            .params(utc(now), LEASE_EXPIRED_ERROR, e.taskId()).update();
                    counts[0]++;
                } else {
                    jdbc.sql("""
                                    update tasks set status = 'failed', error = ?, finished_at = ?, lease_owner = null,
                                      lease_token = null, lease_expires_at = null where task_id = ?""")
                            .params(LEASE_EXPIRED_ERROR, utc(now), e.taskId()).update();
                    announce(e.taskId(), now);
                    counts[1]++;
                    ended.add(e.taskId());
                }
            }
        });
        return new Recovery(counts[0], counts[1], counts[2], ended);
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff) {
        return jdbc.sql("delete from tasks where status in ('completed', 'failed', 'cancelled') and finished_at < ?")
                .param(utc(cutoff)).update();
    }

    @Override
    public Stats stats(Instant now) {
        long queued = jdbc.sql("select count(*) from tasks where status = 'queued'").query(Long.class).single();
        long running = jdbc.sql("select count(*) from tasks where status = 'running'").query(Long.class).single();
        Instant oldest = jdbc.sql("select min(run_after) from tasks where status = 'queued' and run_after <= ?")
                .param(utc(now)).query((rs, n) -> instant(rs, 1)).list().getFirst();
        return new Stats(queued, running, oldest == null ? Duration.ZERO : Duration.between(oldest, now));
    }

    /** Records the webhook delivery of a task that just reached its final state, if it has a webhook. */
    private void announce(String taskId, Instant now) {
        jdbc.sql("""
                        insert into webhook_deliveries (delivery_id, task_id, url, status, attempts, next_attempt_at, created_at)
                        select ?, task_id, webhook_url, 'pending', 0, ?, ? from tasks
                        where task_id = ? and webhook_url is not null""")
                .params(UUID.randomUUID().toString(), utc(now), utc(now), taskId).update();
    }

    static Task map(ResultSet rs, int row) throws SQLException {
        long maxTokens = rs.getLong("max_tokens");
        Long maxTokensOrNull = rs.wasNull() ? null : maxTokens;
        TaskRequest request = new TaskRequest(rs.getString("user_id"), rs.getString("agent"), rs.getString("session_id"),
                rs.getString("message"), maxTokensOrNull, rs.getObject("max_cost_usd", BigDecimal.class),
                rs.getString("metadata"), rs.getString("webhook_url"), rs.getString("api_key"), rs.getString("schedule_id"),
                rs.getString("traceparent"));
        String token = rs.getString("lease_token");
        Lease lease = token == null ? null
                : new Lease(rs.getString("lease_owner"), token, instant(rs, "lease_expires_at"));
        return new Task(rs.getString("task_id"), request, rs.getString("idempotency_key"), rs.getString("request_hash"),
                RunStatus.fromWireName(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_retries"),
                instant(rs, "run_after"), lease, rs.getBoolean("cancel_requested"), rs.getString("result"),
                rs.getString("error"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

}
