package io.agentry.server.tasks;

import io.agentry.agent.Cancellation;
import io.agentry.agent.RunObserver;
import io.agentry.agent.RunResult;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.run.RunId;
import io.agentry.run.RunMode;
import io.agentry.run.RunStatus;
import io.agentry.server.observability.TraceContexts;
import io.agentry.server.runs.RunCommand;
import io.agentry.server.runs.RunOutcome;
import io.agentry.server.runs.RunResponse;
import io.agentry.server.runs.RunService;
import io.agentry.server.web.RequestRefusedException;
import io.agentry.store.SessionOwnedByAnotherUserException;
import io.agentry.util.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt of one task on this worker: runs it through {@link RunService} and writes the outcome
 * with the attempt's lease token, so that a write after the lease was lost (expired, or abandoned at
 * the hard time limit) changes nothing.
 */
final class TaskExecution {

    /** What an execution needs from its worker; every write that can end the task goes through {@code endings}. */
    record Context(TaskQueue queue, TaskEndings endings, RunService runs, TaskEvents events, JsonMapper json, Clock clock,
                   Backoff backoff, Duration softTimeLimit, TraceContexts traces) {
    }

    static final String HARD_LIMIT_ERROR = "Hard time limit exceeded";
    private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

    private final Task task;
    private final Context context;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicBoolean slotReleased = new AtomicBoolean();
    private volatile boolean done;
    private volatile ScheduledFuture<?> hardLimit;

    TaskExecution(Task task, Context context) {
        this.task = task;
        this.context = context;
    }

    Task task() {
        return task;
    }

    String leaseToken() {
        return task.lease().token();
    }

    boolean isDone() {
        return done;
    }

    /** Stops the attempt's run for {@code why}; the first reason wins (see {@link Cancellation.Reason}). */
    void stop(Cancellation.Reason why) {
        cancellation.stop(why);
    }

    void hardLimit(ScheduledFuture<?> watchdog) {
        this.hardLimit = watchdog;
    }

    void cancelHardLimit() {
        ScheduledFuture<?> watchdog = hardLimit;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    /** True exactly once: whoever gets true gives the worker slot back. */
    boolean releaseSlot() {
        return slotReleased.compareAndSet(false, true);
    }

    /** Runs the attempt in the trace of the request that enqueued the task, so its log lines carry that trace id. */
    void run() {
        MDC.put("task_id", task.taskId());
        try (RunObserver.Scope trace = context.traces().continueTrace(task.request().traceparent())) {
            RunOutcome outcome;
            try {
                outcome = context.runs().run(command(), context.events().listenerFor(task), cancellation,
                        this::stillHoldsLease);
            } catch (RequestRefusedException e) {
                // nothing ran and nothing was spent; waiting (for a budget period to reset: a month) would not help
                write(RunStatus.FAILED, null, e.getMessage());
                return;
            } catch (SessionOwnedByAnotherUserException e) {
                write(RunStatus.FAILED, null, "The session belongs to another user");
                return;
            } catch (RuntimeException e) {
                log.error("Task attempt {} failed unexpectedly", task.attempts(), e);
                retryOrFail(null, "Internal agent error", null);
                return;
            }
            conclude(outcome);
        } finally {
            done = true;
            MDC.remove("task_id");
        }
    }

    /** Whether this attempt still owns the task: not stopped for a lost lease, and the store agrees. */
    private boolean stillHoldsLease() {
        Cancellation.Reason why = cancellation.reason();
        if (why == Cancellation.Reason.LEASE_LOST || why == Cancellation.Reason.HARD_LIMIT) {
            return false;
        }
        return context.queue().holdsLease(task.taskId(), leaseToken());
    }

    private RunCommand command() {
        var r = task.request();
        return new RunCommand(RunId.generate(), r.userId(), r.message(), r.agent(), r.sessionId(), r.maxTokens(),
                r.maxCostUsd(), RunMode.TASK, r.apiKey(), task.taskId(), context.softTimeLimit(), r.scheduleId(),
                leaseToken(), task.interruption());
    }

    private void conclude(RunOutcome outcome) {
        RunResult result = outcome.result();
        String resultJson = context.json().writeValueAsString(RunResponse.of(outcome));
        switch (result.status()) {
            case COMPLETED -> write(RunStatus.COMPLETED, resultJson, null);
            case INTERRUPTED -> interrupted(outcome);
            case CANCELLED -> {
                Cancellation.Reason why = cancellation.reason();
                if (why == Cancellation.Reason.SHUTDOWN) {
                    handedBack(context.endings().release(task, context.clock().instant()),
                            "Task released for another worker: this worker is shutting down");
                } else if (why == Cancellation.Reason.CANCELLED || why == null) {
                    write(RunStatus.CANCELLED, resultJson, "Run cancelled");
                }
                // LEASE_LOST / HARD_LIMIT: the task is no longer ours to write
            }
            default -> {
                if (result.retriable()) {
                    retryOrFail(resultJson, result.error(), result.retryAfter());
                } else {
                    write(RunStatus.FAILED, resultJson, result.error());
                }
            }
        }
    }

    /**
     * The run stopped for approval: the task waits interrupted, without this worker (whose slot is given back when the
     * attempt returns) and without a lease, until a decision or the approval's timeout resumes it.
     */
    private void interrupted(RunOutcome outcome) {
        handedBack(context.endings().interrupt(task, outcome.interruption(), context.clock().instant()),
                "unused: an interrupt never requeues");
    }

    private void retryOrFail(String resultJson, String error, Duration retryAfter) {
        if (!task.hasRetriesLeft()) {
            write(RunStatus.FAILED, resultJson, error);
            return;
        }
        Duration delay = context.backoff().delay(task.attempts(), retryAfter);
        Instant now = context.clock().instant();
        handedBack(context.endings().retryLater(task, now.plus(delay), error, now),
                "Task attempt " + task.attempts() + " failed (" + error + "); retrying in " + delay.toMillis() + " ms");
    }

    /** Logs a hand-back to the queue; a cancel requested meanwhile ended the task instead. */
    private void handedBack(TaskQueue.Handback handback, String requeuedMessage) {
        switch (handback) {
            case REQUEUED -> log.info(requeuedMessage);
            case INTERRUPTED -> log.info("Task attempt {} interrupted: tool calls wait for approval", task.attempts());
            case CANCELLED -> log.info("Task cancelled while its attempt {} ended", task.attempts());
            case LOST -> lostLease();
        }
    }

    private void write(RunStatus outcome, String resultJson, String error) {
        if (context.endings().finish(task, outcome, resultJson, error, context.clock().instant())) {
            log.info("Task {} after {} attempt(s)", outcome.wireName(), task.attempts());
        } else {
            lostLease();
        }
    }

    private void lostLease() {
        log.warn("Task attempt {} lost its lease before writing its outcome; the outcome was discarded", task.attempts());
    }

    /**
     * Called by the watchdog at the hard time limit while the run still has not returned: stops it and
     * gives the task back for another attempt, or fails it when no retry is left.
     */
    void abandon() {
        stop(Cancellation.Reason.HARD_LIMIT);
        var endings = context.endings();
        var now = context.clock().instant();
        if (task.hasRetriesLeft()) {
            handedBack(endings.retryLater(task, now, HARD_LIMIT_ERROR, now),
                    "Task attempt " + task.attempts() + " abandoned at the hard time limit; it will be retried");
        } else if (endings.finish(task, RunStatus.FAILED, null, HARD_LIMIT_ERROR, now)) {
            log.warn("Task {} attempt {} abandoned at the hard time limit", task.taskId(), task.attempts());
        }
    }
}
