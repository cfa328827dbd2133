package io.agentry.server.tasks;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.journal.Fence;
import io.agentry.journal.JournalStep;
import io.agentry.journal.RunJournal;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunStatus;
import io.agentry.server.observability.TraceContexts;
import io.agentry.server.runs.RunCommand;
import io.agentry.server.runs.RunContinuations;
import io.agentry.util.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Background tasks as the API offers them: submit (with idempotency), read, list, cancel. The task row
 * is committed before {@link #submit} returns, so a client that hears "queued" can rely on it.
 */
@Service
public class TaskService implements RunContinuations {

    /** The result of a submission: the task, and whether this request created it. */
    public record Submission(Task task, boolean created) {
    }

    /** An Idempotency-Key reused with a different request. Not retriable: use a new key. */
    public static final class IdempotencyConflictException extends RuntimeException {
        IdempotencyConflictException() {
            super("Idempotency-Key was already used with a different request");
        }
    }

    private final TaskQueue queue;
    private final TaskSignals signals;
    private final TasksProperties properties;
    private final Clock clock;
    private final TaskEvents events;
    private final TaskEndings endings;
    private final TraceContexts traces;

    private final RunJournal journal;

    public TaskService(TaskQueue queue, TaskSignals signals, TasksProperties properties, Clock clock,
                       TaskEvents events, TraceContexts traces, RunJournal journal) {
        this.journal = journal;
        this.queue = queue;
        this.signals = signals;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.endings = new TaskEndings(queue, events);
        this.traces = traces;
    }

    /**
     * Queues a task, carrying the current trace so that its runs continue it. With an idempotency key the
     * user already used: the same request (same hash) returns the original task; a different one fails with
     * {@link IdempotencyConflictException}.
     */
    public Submission submit(TaskRequest request, String idempotencyKey, String requestHash) {
        return submit(Ids.timeOrdered(), request, idempotencyKey, requestHash);
    }

    /**
     * As {@link #submit(TaskRequest, String, String)}, the new task taking the id {@code taskId} (a run made
     * elsewhere first, such as a LangGraph run, whose id the task keeps).
     */
    public Submission submit(String taskId, TaskRequest request, String idempotencyKey, String requestHash) {
        String sessionId = request.sessionId() != null ? request.sessionId() : Ids.timeOrdered();
        TaskQueue.Enqueued enqueued = queue.enqueue(taskId,
                request.withSessionId(sessionId).withTraceparent(traces.currentTraceparent()),
                idempotencyKey, requestHash, properties.maxRetries(), clock.instant());
        if (!enqueued.created()) {
            if (!enqueued.task().requestHash().equals(requestHash)) {
                throw new IdempotencyConflictException();
            }
            return new Submission(enqueued.task(), false);
        }
        events.accepted(enqueued.task());
        signals.taskEnqueued();
        return new Submission(enqueued.task(), true);
    }

    public Optional<Task> find(String taskId) {
        return queue.find(taskId);
    }

    /**
     * The task this user already submitted with this idempotency key: a retried request is answered with it,
     * without being admitted again (rate limits, budgets). The same request (same hash) gets it; a different
     * one fails with {@link IdempotencyConflictException}. Empty for a key not used yet.
     */
    public Optional<Task> earlierSubmission(String userId, String idempotencyKey, String requestHash) {
        Optional<Task> earlier = queue.findByIdempotencyKey(userId, idempotencyKey);
        if (earlier.isPresent() && !earlier.get().requestHash().equals(requestHash)) {
            throw new IdempotencyConflictException();
        }
        return earlier;
    }

    public List<Task> list(String userId, RunStatus status, String afterTaskId, int limit) {
        return queue.list(userId, status, afterTaskId, limit);
    }

    /**
     * A synchronous or streamed run that stopped for approval goes on as a task: created interrupted, with the run's
     * user, agent, session and budget, and resumed like any other. It has no webhook (the run's client asked for
     * none) and no idempotency key.
     */
    @Override
    public String continueAsTask(RunCommand command, String agent, String sessionId, Interruption interruption) {
        TaskRequest request = TaskRequest.builder(command.userId(), command.message()).agent(agent).sessionId(sessionId)
                .maxTokens(command.maxTokens()).maxCostUsd(command.maxCostUsd()).apiKey(command.apiKey())
                .traceparent(traces.currentTraceparent()).build();
        String taskId = Ids.timeOrdered();
        // the task's chain is its own id: it starts with what the run journalled, before anybody can resume it
        List<JournalStep> steps = journal.steps(command.journalId());
        if (!steps.isEmpty() && !journal.append(taskId, command.userId(), Fence.NONE, steps)) {
            throw new IllegalStateException("the journal refused an unfenced write");
        }
        Task task = queue.enqueueInterrupted(taskId, request, properties.maxRetries(), interruption, clock.instant());
        events.accepted(task);
        events.interrupted(task);
        return task.taskId();
    }

    /**
     * Resumes {@code task}, read as interrupted, with a decision per pending call: queued again for a worker, which
     * continues the run. {@link TaskQueue.Resume#NOT_INTERRUPTED} when it was resumed, timed out or cancelled since it
     * was read.
     */
    public TaskQueue.Resume resume(Task task, List<Decision> decisions) {
        TaskQueue.Resume resume = queue.resume(task.taskId(), task.interruption().deadline(), decisions, clock.instant());
        if (resume == TaskQueue.Resume.RESUMED) {
            signals.taskEnqueued();
        }
        return resume;
    }

    /** Cancels (idempotently); a running task's worker is told at once, a queued task ends here. */
    public Optional<Task> cancel(String taskId) {
        Optional<TaskQueue.Cancel> outcome = endings.cancel(taskId, clock.instant());
        outcome.filter(c -> c.task().status() == RunStatus.RUNNING).ifPresent(c -> signals.cancelRequested(taskId));
        return outcome.map(TaskQueue.Cancel::task);
    }
}
