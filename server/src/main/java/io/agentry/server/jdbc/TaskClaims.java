package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.utc;
import static io.agentry.server.jdbc.TaskMoves.NO_LEASE;
import static io.agentry.server.jdbc.TaskMoves.statusIn;

import io.agentry.queue.Lease;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SQL of {@link JdbcTaskQueue#claim} and {@link JdbcTaskQueue#recoverExpired}: the two that pick their tasks
 * by reading the queue with {@code FOR UPDATE SKIP LOCKED} (so claimers and janitors in any number of processes
 * skip each other's rows instead of waiting for them), and then move each through {@link TaskMoves}.
 */
final class TaskClaims {

    /** Rounds of candidates a claim looks at when other claimers took the ones it read. */
    private static final int CLAIM_ROUNDS = 3;
    /** Where a claim takes tasks from: the statuses the table lets become running (queued). */
    private static final Set<RunStatus> CLAIMABLE = RunStatus.sourcesOf(RunStatus.RUNNING);
    private static final Set<RunStatus> RUNNING = EnumSet.of(RunStatus.RUNNING);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TaskMoves moves;

    TaskClaims(JdbcClient jdbc, TransactionTemplate tx, TaskMoves moves) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.moves = moves;
    }

    /**
     * Claims up to {@code max} tasks. Candidates are read in queue order through an index without locks, then the
     * ones still claimable are locked: H2 answers {@code FOR UPDATE ... LIMIT n} by reading every matching row,
     * which made each claim cost as much as the whole queue.
     */
    List<Task> claim(String owner, int max, Duration leaseDuration, Instant now) {
        if (max <= 0) {
            return List.of();
        }
        // one token for the whole batch: a token only has to differ between attempts of the same task
        Lease lease = new Lease(owner, UUID.randomUUID().toString(), now.plus(leaseDuration).truncatedTo(ChronoUnit.MICROS));
        List<Task> claimed = tx.execute(status -> {
            List<Task> taken = new ArrayList<>(max);
            for (int round = 0; round < CLAIM_ROUNDS && taken.size() < max; round++) {
                int wanted = max - taken.size();
                int asked = Math.min(wanted * 2, wanted + 64);
                List<String> candidates = jdbc.sql("select task_id from tasks where " + statusIn(CLAIMABLE)
                                + " and run_after <= :now order by status, run_after, created_at limit :asked")
                        .param("now", utc(now)).param("asked", asked).query(String.class).list();
                if (candidates.isEmpty()) {
                    break;
                }
                List<Task> locked = jdbc.sql("select " + JdbcTaskQueue.COLUMNS + " from tasks where task_id in (:ids) and "
                                + statusIn(CLAIMABLE) + " and run_after <= :now"
                                + " order by run_after, created_at limit :max for update skip locked")
                        .param("ids", candidates).param("now", utc(now)).param("max", wanted)
                        .query(JdbcTaskQueue::map).list();
                if (!locked.isEmpty()) {
                    moves.moveAll(locked.stream().map(Task::taskId).toList(), CLAIMABLE, RunStatus.RUNNING,
                            "attempts = attempts + 1, lease_owner = :owner, lease_token = :token, "
                                    + "lease_expires_at = :expires, cancel_requested = false, started_at = coalesce(started_at, :now)",
                            "owner", owner, "token", lease.token(), "expires", lease.expiresAt(), "now", now);
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
        Instant started = now.truncatedTo(ChronoUnit.MICROS);
        return claimed.stream().map(t -> t.claimed(lease, started)).toList();
    }

    /**
     * Ends or requeues running tasks whose lease expired before {@code now}: cancelled if a cancel was requested,
     * back in the queue while retries are left (the lost attempt counts), else failed.
     */
    TaskQueue.Recovery recoverExpired(Instant now) {
        int[] counts = new int[3];
        List<String> ended = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            record Expired(String taskId, int attempts, int maxRetries, boolean cancelRequested) {
            }
            List<Expired> expired = jdbc.sql("select task_id, attempts, max_retries, cancel_requested from tasks where "
                            + statusIn(RUNNING) + " and lease_expires_at < ? for update skip locked")
                    .param(utc(now))
                    .query((rs, n) -> new Expired(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4)))
                    .list();
            for (Expired e : expired) {
                if (e.cancelRequested()) {
                    moves.moveOne(e.taskId(), RUNNING, RunStatus.CANCELLED, "error = :error, finished_at = :now, " + NO_LEASE,
                            null, now, "now", now, "error", TaskQueue.CANCELLED_ERROR);
                    counts[2]++;
                    ended.add(e.taskId());
                } else if (e.attempts() <= e.maxRetries()) {
                    moves.moveOne(e.taskId(), RUNNING, RunStatus.QUEUED, "run_after = :now, error = :error, " + NO_LEASE,
                            null, now, "now", now, "error", TaskQueue.LEASE_EXPIRED_ERROR);
                    counts[0]++;
                } else {
                    moves.moveOne(e.taskId(), RUNNING, RunStatus.FAILED, "error = :error, finished_at = :now, " + NO_LEASE,
                            null, now, "now", now, "error", TaskQueue.LEASE_EXPIRED_ERROR);
                    counts[1]++;
                    ended.add(e.taskId());
                }
            }
        });
        return new TaskQueue.Recovery(counts[0], counts[1], counts[2], ended);
    }
}
