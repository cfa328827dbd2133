package io.agentry.server.tasks;

import io.agentry.approval.Interruption;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.run.RunStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place where this process sees a task end. Every queue call that can end a task (a finish, a hand-back
 * that finds a cancel requested, the cancel of a queued task, the recovery of lost workers' tasks) is made
 * through here, and each task that it ended is passed, as it ended, to {@link TaskEvents#ended}, once. The
 * webhook delivery needs nothing here: the queue writes it with the transition ({@link TaskQueue#outbox()}).
 *
 * <p>Stateless: each user makes its own from the queue and the task events.
 */
final class TaskEndings {

    private final TaskQueue queue;
    private final TaskEvents events;

    TaskEndings(TaskQueue queue, TaskEvents events) {
        this.queue = queue;
        this.events = events;
    }

    /** {@link TaskQueue#finish} of the attempt that claimed {@code running}; true if it ended the task. */
    boolean finish(Task running, RunStatus outcome, String resultJson, String error, Instant now) {
        boolean finished = queue.finish(running.taskId(), running.lease().token(), outcome, resultJson, error, now);
        if (finished) {
            ended(running.finished(outcome, resultJson, error, now));
        }
        return finished;
    }

    /** {@link TaskQueue#retryLater} of the attempt that claimed {@code running}. */
    TaskQueue.Handback retryLater(Task running, Instant runAfter, String error, Instant now) {
        return handedBack(running, queue.retryLater(running.taskId(), running.lease().token(), runAfter, error, now), now);
    }

    /** {@link TaskQueue#release} of the attempt that claimed {@code running}. */
    TaskQueue.Handback release(Task running, Instant now) {
        return handedBack(running, queue.release(running.taskId(), running.lease().token(), now), now);
    }

    /**
     * {@link TaskQueue#interrupt} of the attempt that claimed {@code running}: the task waits for approval (its
     * stream is told) or, a cancel having been requested, ended cancelled.
     */
    TaskQueue.Handback interrupt(Task running, Interruption interruption, Instant now) {
        TaskQueue.Handback handback = queue.interrupt(running.taskId(), running.lease().token(), interruption, now);
        if (handback == TaskQueue.Handback.INTERRUPTED) {
            // read back: the stored deadline (at the store's precision) is what a resume must name
            queue.find(running.taskId()).ifPresent(events::interrupted);
        }
        return handedBack(running, handback, now);
    }

    /** {@link TaskQueue#endInterrupted} of {@code interrupted} as it was read; true if it ended the task. */
    boolean endInterrupted(Task interrupted, RunStatus outcome, String error, Instant now) {
        boolean ended = queue.endInterrupted(interrupted.taskId(), interrupted.interruption().deadline(), outcome, null,
                error, now);
        if (ended) {
            ended(interrupted.finished(outcome, null, error, now));
        }
        return ended;
    }

    /** {@link TaskQueue#cancel}: a queued or interrupted task ends at once. */
    Optional<TaskQueue.Cancel> cancel(String taskId, Instant now) {
        Optional<TaskQueue.Cancel> cancel = queue.cancel(taskId, now);
        cancel.filter(TaskQueue.Cancel::endedNow).ifPresent(c -> ended(c.task()));
        return cancel;
    }

    /** {@link TaskQueue#recoverExpired}: the tasks it failed or cancelled are read back as they ended. */
    TaskQueue.Recovery recoverExpired(Instant now) {
        TaskQueue.Recovery recovery = queue.recoverExpired(now);
        for (String taskId : recovery.ended()) {
            queue.find(taskId).ifPresent(this::ended);
        }
        return recovery;
    }

    /** A hand-back that found a cancel requested ended the task cancelled, as the queue's contract says. */
    private TaskQueue.Handback handedBack(Task running, TaskQueue.Handback handback, Instant now) {
        if (handback == TaskQueue.Handback.CANCELLED) {
            ended(running.withCancelRequested().finished(RunStatus.CANCELLED, running.resultJson(),
                    TaskQueue.CANCELLED_ERROR, now));
        }
        return handback;
    }

    private void ended(Task task) {
        events.ended(task);
    }
}
