package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.truncate;
import static io.agentry.server.jdbc.SqlValues.utc;
import static io.agentry.server.jdbc.TaskMoves.statusIn;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.run.RunStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of {@link JdbcTaskQueue}'s moves out of interrupted (a resume, an ending at an approval's timeout) and of
 * finding expired approvals. Each move is guarded by the status and by the deadline of the interruption it acts on
 * ({@code approval_deadline}), so of two that race (a person's decision and a janitor, two janitors) one moves the
 * task and the other finds nothing, and neither acts on a later interruption of the same task.
 */
final class TaskApprovals {

    private static final Set<RunStatus> INTERRUPTED = EnumSet.of(RunStatus.INTERRUPTED);
    private static final String INTERRUPTED_UNTIL = "approval_deadline = :deadline";

    private final JdbcClient jdbc;
    private final TaskMoves moves;
    private final Function<String, Optional<Task>> find;

    TaskApprovals(JdbcClient jdbc, TaskMoves moves, Function<String, Optional<Task>> find) {
        this.jdbc = jdbc;
        this.moves = moves;
        this.find = find;
    }

    TaskQueue.Resume resume(String taskId, Instant deadline, List<Decision> decisions, Instant now) {
        Optional<Task> found = find.apply(taskId);
        if (found.isEmpty()) {
            return TaskQueue.Resume.UNKNOWN;
        }
        Interruption interruption = found.get().interruption();
        if (interruption == null) {
            return TaskQueue.Resume.NOT_INTERRUPTED;
        }
        // the calls come from the row as read; the guard makes sure the row is still that interruption's
        boolean resumed = moves.moveOne(taskId, INTERRUPTED, RunStatus.QUEUED,
                "run_after = :now, attempts = greatest(attempts - 1, 0), interruption = :interruption",
                INTERRUPTED_UNTIL, now, "now", now, "deadline", deadline,
                "interruption", TaskInterruptions.write(interruption.decided(decisions)));
        return resumed ? TaskQueue.Resume.RESUMED : TaskQueue.Resume.NOT_INTERRUPTED;
    }

    boolean endInterrupted(String taskId, Instant deadline, RunStatus outcome, String resultJson, String error,
                           Instant now) {
        if (!outcome.isTerminal()) {
            throw new IllegalArgumentException("not a final status: " + outcome);
        }
        return moves.moveOne(taskId, INTERRUPTED, outcome, "result = :result, error = :error, finished_at = :now",
                INTERRUPTED_UNTIL, now, "deadline", deadline, "result", resultJson, "error", truncate(error), "now", now);
    }

    List<Task> expired(Instant now, int limit) {
        return jdbc.sql("select " + JdbcTaskQueue.COLUMNS + " from tasks where " + statusIn(INTERRUPTED)
                        + " and approval_deadline < :now order by status, approval_deadline limit :limit")
                .param("now", utc(now)).param("limit", limit).query(JdbcTaskQueue::map).list();
    }
}
