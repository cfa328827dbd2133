package io.agentry.server.langgraph;

import io.agentry.langgraph.LangGraphRun;
import io.agentry.langgraph.ThreadStore;
import io.agentry.queue.Task;
import io.agentry.server.tasks.TaskService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * LangGraph statuses from Agentry's records. A run waiting to be dispatched is {@code pending}; once it is a task
 * its status is the task's: queued → pending, running → running, completed → success, failed → error (timeout
 * when the run hit its time limit), cancelled → interrupted. A thread is {@code busy} while one of its runs is
 * pending or running, {@code interrupted} while one waits for a person's approval of a tool call (its task is
 * {@code interrupted}; the task routes resume it), {@code error} when its latest run failed, else {@code idle}.
 */
@Component
public class RunStates {

    /** How many of a thread's newest runs are looked at for its status (runs older than these have ended). */
    static final int RECENT_RUNS = 20;
    static final String TIME_LIMIT_ERROR = "Time limit exceeded";

    /**
     * A run with its task, once it has one. {@code gone}: the run was dispatched long ago but its task is no longer
     * kept (finished tasks are deleted after their retention); it has ended, and how is no longer known ({@code error}).
     */
    public record State(LangGraphRun run, Optional<Task> task, boolean gone) {

        public String status() {
            return switch (run.dispatch()) {
                case WAITING -> "pending";
                case CANCELLED -> "interrupted";
                case SUBMITTED, INTERRUPTED -> task.map(State::statusOf).orElse(gone ? "error" : "pending");
            };
        }

        /** Whether the run will not change any more. */
        public boolean ended() {
            return switch (run.dispatch()) {
                case WAITING -> false;
                case CANCELLED -> true;
                case SUBMITTED -> task.map(t -> t.status().isTerminal()).orElse(gone);
                // until its input is kept in the thread (LangGraphRunDispatcher), the thread is not free
                case INTERRUPTED -> false;
            };
        }

        public Instant updatedAt() {
            return task.map(t -> t.finishedAt() != null ? t.finishedAt() : t.startedAt() != null ? t.startedAt() : t.createdAt())
                    .orElse(run.createdAt());
        }

        private static String statusOf(Task task) {
            return switch (task.status()) {
                case QUEUED -> "pending";
                case RUNNING -> "running";
                case COMPLETED -> "success";
                case FAILED -> TIME_LIMIT_ERROR.equals(task.error()) ? "timeout" : "error";
                case CANCELLED -> "interrupted";
                // waiting for a person's approval of a tool call (POST /tasks/{id}/resume continues it)
                case INTERRUPTED -> "interrupted";
            };
        }

        /** Whether the run's task waits for an approval: its thread is {@code interrupted}, not busy. */
        boolean awaitsApproval() {
            return task.map(t -> t.status() == io.agentry.run.RunStatus.INTERRUPTED).orElse(false);
        }
    }

    /** A dispatched run whose task is missing for longer than this has lost it to retention (not to a race). */
    static final Duration TASK_GONE_AFTER = Duration.ofMinutes(1);

    private final ThreadStore threads;
    private final TaskService tasks;
    private final Clock clock;

    RunStates(ThreadStore threads, TaskService tasks, Clock clock) {
        this.threads = threads;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** The run's state now (its row read again: {@code run} may have been dispatched or cancelled since it was read). */
    public State now(LangGraphRun run) {
        return of(threads.findRun(run.runId()).orElse(run));
    }

    public State of(LangGraphRun run) {
        if (run.dispatch() != LangGraphRun.Dispatch.SUBMITTED && run.dispatch() != LangGraphRun.Dispatch.INTERRUPTED) {
            return new State(run, Optional.empty(), false);
        }
        Optional<Task> task = tasks.find(run.runId());
        return new State(run, task, task.isEmpty() && run.notBefore().plus(TASK_GONE_AFTER).isBefore(clock.instant()));
    }

    /** The thread's runs that have not ended, oldest first. */
    public List<State> active(String threadId) {
        List<State> recent = threads.runs(threadId, 0, RECENT_RUNS).stream().map(this::of).filter(s -> !s.ended()).toList();
        return recent.reversed();
    }

    public String threadStatus(String threadId) {
        List<LangGraphRun> recent = threads.runs(threadId, 0, RECENT_RUNS);
        String latest = null;
        for (LangGraphRun run : recent) {
            State state = of(run);
            if (!state.ended()) {
                return state.awaitsApproval() ? "interrupted" : "busy";
            }
            if (latest == null && run.dispatch() != LangGraphRun.Dispatch.CANCELLED) {
                latest = state.status();
            }
        }
        return "error".equals(latest) || "timeout".equals(latest) ? "error" : "idle";
    }
}
