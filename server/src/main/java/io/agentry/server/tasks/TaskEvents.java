package io.agentry.server.tasks;

import io.agentry.queue.Task;
import io.agentry.run.RunEventListener;

/**
 * A task's event stream ({@code GET /tasks/{id}/events}): one stream for all of its attempts, each
 * attempt's events as its worker runs it, ended exactly once when the task reaches its final state.
 * Implementations never throw: events are a view, the task row is the record.
 */
public interface TaskEvents {

    TaskEvents NONE = task -> RunEventListener.NONE;

    /** Where the events of the attempt starting now go. */
    RunEventListener listenerFor(Task task);

    /** Opens the task's stream as soon as it is accepted, so followers can wait for it while it is queued. */
    default void accepted(Task task) {
    }

    /**
     * Makes sure a follower of this task's stream will see it end: opens a stream that is missing (never
     * opened, or past its retention) and ends it at once if the task has already ended.
     */
    default void ensureFollowable(Task task) {
    }

    /**
     * Ends the stream with the final state of {@code task}: its last attempt's run response when it has one, else
     * its error. Called once for every task that ends, by {@link TaskEndings}, the one place where a process sees
     * a task end (and again only to repair a stream that was never ended, by {@link #ensureFollowable}); ending
     * an ended stream changes nothing.
     */
    default void ended(Task task) {
    }

    /**
     * Appends {@code run.interrupted} to the stream of {@code task}, which now waits for approval of its
     * {@link Task#interruption() interruption}'s calls; the stream stays open for the attempt that resumes it.
     */
    default void interrupted(Task task) {
    }
}
