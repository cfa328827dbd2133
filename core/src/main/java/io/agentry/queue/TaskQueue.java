package io.agentry.queue;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of background tasks: the store is the queue of record. Callers pass the time
 * ({@code now}) so that every process decides with its own clock and tests control it.
 *
 * <p>Delivery is at-least-once with exactly-once result writes: a task is claimed with a {@link Lease};
 * the holder renews it while it works and finishes the task only while it still holds it; a holder
 * that stops renewing loses the task to {@link #recoverExpired} and to the next claim. Every method is
 * safe to call from many threads and many processes at once.
 *
 * <p>Every status change follows {@link RunStatus}'s table of transitions, enforced where the change is written
 * (not merely expected of callers): a method that would need an illegal move writes nothing. A task with a
 * webhook URL that reaches a final state gets exactly one delivery in {@link #outbox()}, written atomically with
 * that transition, whichever method ended it.
 */
public interface TaskQueue {

    /** The error of a task whose worker stopped renewing its lease. */
    String LEASE_EXPIRED_ERROR = "Worker lost: its lease expired";

    /** The error of a task ended by a cancel request that its attempt could not act on itself. */
    String CANCELLED_ERROR = "Task cancelled";

    /**
     * How a lease holder's hand-back ended: the task is queued again, or (a cancel was requested while it
     * ran) it ended cancelled instead, or the lease was no longer held and nothing was written.
     */
    enum Handback {
        REQUEUED, CANCELLED, LOST,
        /** The task now waits for approval ({@link #interrupt}). */
        INTERRUPTED
    }

    /** The result of {@link #cancel}: the task after the request, and whether this request ended it. */
    record Cancel(Task task, boolean endedNow) {
    }

    /** The result of {@link #enqueue}: the task, and whether this call created it. */
    record Enqueued(Task task, boolean created) {
    }

    /**
     * What a {@link #recoverExpired} pass did: counts, and the ids of the tasks it ended (failed or
     * cancelled), whose final state their followers must learn of.
     */
    record Recovery(int requeued, int failed, int cancelled, List<String> ended) {
        public Recovery {
            ended = List.copyOf(ended);
        }

        public int total() {
            return requeued + failed + cancelled;
        }
    }

    /** The result of {@link #resume}: resumed, not interrupted (any more, or by that interruption), or unknown. */
    enum Resume {
        RESUMED, NOT_INTERRUPTED, UNKNOWN
    }

    /** Queue depth for metrics: tasks waiting and how long the oldest claimable one has waited. */
    record Stats(long queued, long running, Duration oldestQueuedAge) {
    }

    enum Renewal {
        /** The lease now runs to the requested instant. */
        RENEWED,
        /** Renewed, and somebody asked to cancel the task: stop the run. */
        CANCEL_REQUESTED,
        /** The lease is gone (expired and recovered, or taken over): stop and write nothing. */
        LOST
    }

    /**
     * Commits a new queued task, or, when the user already has a task with this idempotency key, returns
     * that one unchanged ({@code created == false}); comparing request hashes is the caller's business.
     */
    Enqueued enqueue(String taskId, TaskRequest request, String idempotencyKey, String requestHash, int maxRetries,
                     Instant now);

    Optional<Task> find(String taskId);

    /** The user's task submitted with this idempotency key, if any (keys are per user). */
    Optional<Task> findByIdempotencyKey(String userId, String idempotencyKey);

    /**
     * A user's tasks, newest first, optionally of one status, starting after the given task of an earlier
     * page ({@code afterTaskId} null for the first page).
     */
    List<Task> list(String userId, RunStatus status, String afterTaskId, int limit);

    /**
     * Claims up to {@code max} claimable tasks (queued, {@code runAfter <= now}), oldest first, for
     * {@code owner}: each becomes running with a new lease and one more attempt. Never returns a task
     * another claim holds.
     */
    List<Task> claim(String owner, int max, Duration leaseDuration, Instant now);

    Renewal renew(String taskId, String leaseToken, Instant expiresAt);

    /**
     * Whether {@code leaseToken} still holds the running task. Called inside a transaction of a SQL store, it
     * locks the task's row until that transaction ends, so the lease cannot be taken over before the caller's
     * writes commit (a worker adding its run's turn to the session checks this way).
     */
    boolean holdsLease(String taskId, String leaseToken);

    /**
     * Ends the task ({@code COMPLETED}, {@code FAILED} or {@code CANCELLED}) if {@code leaseToken} still
     * holds it; false when it does not, and then nothing is written.
     */
    boolean finish(String taskId, String leaseToken, RunStatus outcome, String resultJson, String error, Instant now);

    /**
     * Puts the task back in the queue, claimable from {@code runAfter}; fenced like {@link #finish}. A task
     * whose cancel was requested is not requeued but ends cancelled (with {@link #CANCELLED_ERROR}).
     */
    Handback retryLater(String taskId, String leaseToken, Instant runAfter, String error, Instant now);

    /**
     * Gives the task back without counting the attempt (a worker shutting down); fenced, and a requested
     * cancel honoured, like {@link #retryLater}.
     */
    Handback release(String taskId, String leaseToken, Instant now);

    /**
     * Stops the running task held by {@code leaseToken} to wait for a person's approval of {@code interruption}'s
     * calls: interrupted, with no lease, claimable by nobody until it is resumed. Fenced like {@link #finish}; a
     * task whose cancel was requested ends cancelled instead (with {@link #CANCELLED_ERROR}). The stored deadline is
     * at the store's precision: read the task back for it.
     */
    Handback interrupt(String taskId, String leaseToken, Interruption interruption, Instant now);

    /**
     * Commits a new task that starts interrupted, waiting for {@code interruption}'s approval (the continuation of a
     * synchronous run that stopped for approval). Being created, not moved, it needs no transition.
     */
    Task enqueueInterrupted(String taskId, TaskRequest request, int maxRetries, Interruption interruption, Instant now);

    /**
     * Puts an interrupted task back in the queue, claimable from {@code now}, with {@code decisions} added to its
     * interruption, provided it is still interrupted by the interruption whose deadline is {@code deadline} (a
     * resume or a timeout that comes second, or names an earlier interruption, changes nothing). The interrupted
     * attempt is not counted against the retries.
     */
    Resume resume(String taskId, Instant deadline, List<Decision> decisions, Instant now);

    /**
     * Ends an interrupted task with {@code outcome} (an approval that timed out), guarded like {@link #resume};
     * false, writing nothing, when the task is no longer interrupted by that interruption.
     */
    boolean endInterrupted(String taskId, Instant deadline, RunStatus outcome, String resultJson, String error,
                           Instant now);

    /** Up to {@code limit} interrupted tasks whose approval deadline is before {@code now}, earliest deadline first. */
    List<Task> expiredApprovals(Instant now, int limit);

    /**
     * Cancels: a queued or interrupted task at once (with {@link #CANCELLED_ERROR}); a running one is flagged (its worker stops
     * it and finishes it as cancelled); a finished one is left as it is. Empty for an unknown id. A cancel that
     * meets a hand-back or a recovery of the task is never lost: the task ends cancelled either way.
     */
    Optional<Cancel> cancel(String taskId, Instant now);

    /**
     * Recovers running tasks whose lease expired before {@code now} (their worker died or hung): back to
     * the queue at once while retries are left (the lost attempt counts), else failed; cancelled if a
     * cancel was requested (with {@link #CANCELLED_ERROR}).
     */
    Recovery recoverExpired(Instant now);

    /** Deletes finished tasks that finished before {@code cutoff}; returns how many. */
    int deleteFinishedBefore(Instant cutoff);

    /**
     * Deletes every task of the user that has ended (completed, failed or cancelled), with its webhook deliveries,
     * whenever it ended; returns how many. Queued and running tasks are kept: cancel them first.
     */
    int deleteEndedOf(String userId);

    Stats stats(Instant now);

    /** The webhook deliveries of this queue's ended tasks, kept in the same store. */
    TaskOutbox outbox();
}
