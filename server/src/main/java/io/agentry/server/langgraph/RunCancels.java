package io.agentry.server.langgraph;

import io.agentry.langgraph.LangGraphRun;
import io.agentry.langgraph.ThreadStore;
import io.agentry.run.RunStatus;
import io.agentry.server.runs.RunEvents;
import io.agentry.server.tasks.TaskService;
import org.springframework.stereotype.Component;

/**
 * Cancelling LangGraph runs: a run not yet dispatched is moved to cancelled (conditionally, so a dispatcher that
 * takes it at the same moment cancels the task it made instead) and its stream ended; a dispatched one has its
 * task cancelled, which stops a running attempt and ends its stream when it stops. A cancelled run never extends
 * its thread by itself: with {@code interrupt} the run's input is added to the thread once its task has ended
 * ({@code LangGraphRunDispatcher}), with {@code rollback} (which also deletes the run) the thread is left as it was.
 */
@Component
public class RunCancels {

    private final ThreadStore threads;
    private final TaskService tasks;
    private final RunEvents events;

    RunCancels(ThreadStore threads, TaskService tasks, RunEvents events) {
        this.threads = threads;
        this.tasks = tasks;
        this.events = events;
    }

    /** Cancels the run; with {@code rollback} deletes it too. */
    public void cancel(LangGraphRun run, boolean rollback) {
        if (threads.moveRun(run.runId(), LangGraphRun.Dispatch.WAITING, LangGraphRun.Dispatch.CANCELLED)) {
            events.open(run.runId(), run.userId()).end(RunStatus.CANCELLED, null, "Run cancelled before it started");
        } else {
            if (!rollback) {
                // interrupt keeps what the run was asked (its input joins the thread once its task has ended)
                threads.moveRun(run.runId(), LangGraphRun.Dispatch.SUBMITTED, LangGraphRun.Dispatch.INTERRUPTED);
            }
            tasks.cancel(run.runId());
        }
        if (rollback) {
            threads.deleteRun(run.runId());
        }
    }

    /** Cancels every run of the thread that has not ended. */
    public void cancelActive(RunStates states, String threadId, boolean rollback) {
        for (RunStates.State state : states.active(threadId)) {
            cancel(state.run(), rollback);
        }
    }
}
