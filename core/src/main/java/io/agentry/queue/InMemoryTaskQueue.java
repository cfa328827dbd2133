package io.agentry.queue;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A {@link TaskQueue} in memory, for tests and benchmarks: same semantics as the SQL queue, one lock,
 * nothing survives a restart. New states of a task are made only by {@link Task}'s withers, which check
 * {@link RunStatus}'s table, and stored only by {@link #write}, which adds the webhook delivery of a task that
 * ended under the same lock.
 */
public final class InMemoryTaskQueue implements TaskQueue {

    private static final Comparator<Task> NEWEST_FIRST =
            Comparator.comparing(Task::createdAt).thenComparing(Task::taskId).reversed();

    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final InMemoryTaskOutbox outbox = new InMemoryTaskOutbox();

    @Override
    public synchronized Enqueued enqueue(String taskId, TaskRequest request, String idempotencyKey, String requestHash,
                                         int maxRetries, Instant now) {
        if (idempotencyKey != null) {
            Optional<Task> existing = findByIdempotencyKey(request.userId(), idempotencyKey);
            if (existing.isPresent()) {
                return new Enqueued(existing.get(), false);
            }
        }
        Task task = Task.queued(taskId, request, idempotencyKey, requestHash, maxRetries, now);
        tasks.put(taskId, task);
        return new Enqueued(task, true);
    }

    @Override
    public synchronized Optional<Task> find(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    @Override
    public synchronized Optional<Task> findByIdempotencyKey(String userId, String idempotencyKey) {
        return tasks.values().stream()
                .filter(t -> idempotencyKey.equals(t.idempotencyKey()) && t.request().userId().equals(userId))
                .findFirst();
    }

    @Override
    public synchronized List<Task> list(String userId, RunStatus status, String afterTaskId, int limit) {
        Task after = afterTaskId == null ? null : tasks.get(afterTaskId);
        if (afterTaskId != null && (after == null || !after.request().userId().equals(userId))) {
            return List.of();
        }
        return tasks.values().stream()
                .filter(t -> t.request().userId().equals(userId))
                .filter(t -> status == null || t.status() == status)
                .sorted(NEWEST_FIRST)
                .filter(t -> after == null || NEWEST_FIRST.compare(t, after) > 0)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Task> claim(String owner, int max, Duration leaseDuration, Instant now) {
        List<Task> claimable = tasks.values().stream()
                .filter(t -> t.status() == RunStatus.QUEUED && !t.runAfter().isAfter(now))
                .sorted(Comparator.comparing(Task::runAfter).thenComparing(Task::createdAt))
                .limit(max)
                .toList();
        List<Task> claimed = new ArrayList<>();
        for (Task t : claimable) {
            claimed.add(write(t, t.claimed(new Lease(owner, UUID.randomUUID().toString(), now.plus(leaseDuration)), now)));
        }
        return claimed;
    }

    @Override
    public synchronized Renewal renew(String taskId, String leaseToken, Instant expiresAt) {
        Task t = held(taskId, leaseToken);
        if (t == null) {
            return Renewal.LOST;
        }
        write(t, t.withLease(new Lease(t.lease().owner(), leaseToken, expiresAt)));
        return t.cancelRequested() ? Renewal.CANCEL_REQUESTED : Renewal.RENEWED;
    }

    @Override
    public synchronized boolean holdsLease(String taskId, String leaseToken) {
        return held(taskId, leaseToken) != null;
    }

    @Override
    public synchronized boolean finish(String taskId, String leaseToken, RunStatus outcome, String resultJson,
                                       String error, Instant now) {
        if (!outcome.isTerminal()) {
            throw new IllegalArgumentException("not a final status: " + outcome);
        }
        Task t = held(taskId, leaseToken);
        if (t == null) {
            return false;
        }
        write(t, t.finished(outcome, resultJson, error, now));
        return true;
    }

    @Override
    public synchronized Handback retryLater(String taskId, String leaseToken, Instant runAfter, String error,
                                            Instant now) {
        return handBack(held(taskId, leaseToken), now, t -> t.requeued(runAfter, t.attempts(), error), Handback.REQUEUED);
    }

    @Override
    public synchronized Handback release(String taskId, String leaseToken, Instant now) {
        return handBack(held(taskId, leaseToken), now, t -> t.requeued(now, t.attempts() - 1, t.error()), Handback.REQUEUED);
    }

    /**
     * A fenced hand-back ({@code t} null when the lease is not held): cancelled if a cancel was requested, else moved
     * by {@code move} ({@code moved} says how).
     */
    private Handback handBack(Task t, Instant now, UnaryOperator<Task> move, Handback moved) {
        if (t == null) {
            return Handback.LOST;
        }
        if (t.cancelRequested()) {
            write(t, t.finished(RunStatus.CANCELLED, t.resultJson(), CANCELLED_ERROR, now));
            return Handback.CANCELLED;
        }
        write(t, move.apply(t));
        return moved;
    }

    @Override
    public synchronized Handback interrupt(String taskId, String leaseToken, Interruption interruption, Instant now) {
        return handBack(held(taskId, leaseToken), now, t -> t.interrupted(interruption), Handback.INTERRUPTED);
    }

    @Override
    public synchronized Task enqueueInterrupted(String taskId, TaskRequest request, int maxRetries,
                                                Interruption interruption, Instant now) {
        Task task = Task.builder(taskId, request).status(RunStatus.INTERRUPTED).maxRetries(maxRetries).runAfter(now)
                .createdAt(now).startedAt(now).interruption(interruption).build();
        tasks.put(taskId, task);
        return task;
    }

    @Override
    public synchronized Resume resume(String taskId, Instant deadline, List<Decision> decisions, Instant now) {
        Task t = tasks.get(taskId);
        if (t == null) {
            return Resume.UNKNOWN;
        }
        if (!interruptedBy(t, deadline)) {
            return Resume.NOT_INTERRUPTED;
        }
        write(t, t.resumed(decisions, now));
        return Resume.RESUMED;
    }

    @Override
    public synchronized boolean endInterrupted(String taskId, Instant deadline, RunStatus outcome, String resultJson,
                                               String error, Instant now) {
        Task t = tasks.get(taskId);
        if (t == null || !interruptedBy(t, deadline)) {
            return false;
        }
        write(t, t.finished(outcome, resultJson, error, now));
        return true;
    }

    @Override
    public synchronized List<Task> expiredApprovals(Instant now, int limit) {
        return tasks.values().stream()
                .filter(t -> t.status() == RunStatus.INTERRUPTED && t.interruption().deadline().isBefore(now))
                .sorted(Comparator.comparing((Task t) -> t.interruption().deadline()))
                .limit(limit)
                .toList();
    }

    private static boolean interruptedBy(Task t, Instant deadline) {
        return t.status() == RunStatus.INTERRUPTED && t.interruption().deadline().equals(deadline);
    }

    @Override
    public synchronized Optional<Cancel> cancel(String taskId, Instant now) {
        Task t = tasks.get(taskId);
        if (t == null) {
            return Optional.empty();
        }
        boolean waiting = t.status() == RunStatus.QUEUED || t.status() == RunStatus.INTERRUPTED;
        Task after = switch (t.status()) {
            case QUEUED, INTERRUPTED -> write(t, t.withCancelRequested().finished(RunStatus.CANCELLED, t.resultJson(), CANCELLED_ERROR, now));
            case RUNNING -> write(t, t.withCancelRequested());
            default -> t;
        };
        return Optional.of(new Cancel(after, waiting));
    }

    @Override
    public synchronized Recovery recoverExpired(Instant now) {
        int requeued = 0;
        int failed = 0;
        int cancelled = 0;
        List<String> ended = new ArrayList<>();
        for (Task t : List.copyOf(tasks.values())) {
            if (t.status() != RunStatus.RUNNING || t.lease().expiresAt().isAfter(now)) {
                continue;
            }
            if (t.cancelRequested()) {
                write(t, t.finished(RunStatus.CANCELLED, t.resultJson(), CANCELLED_ERROR, now));
                cancelled++;
                ended.add(t.taskId());
            } else if (t.hasRetriesLeft()) {
                write(t, t.requeued(now, t.attempts(), LEASE_EXPIRED_ERROR));
                requeued++;
            } else {
                write(t, t.finished(RunStatus.FAILED, t.resultJson(), LEASE_EXPIRED_ERROR, now));
                failed++;
                ended.add(t.taskId());
            }
        }
        return new Recovery(requeued, failed, cancelled, ended);
    }

    @Override
    public synchronized int deleteFinishedBefore(Instant cutoff) {
        Set<String> expired = tasks.values().stream()
                .filter(t -> t.status().isTerminal() && t.finishedAt() != null && t.finishedAt().isBefore(cutoff))
                .map(Task::taskId)
                .collect(Collectors.toSet());
        tasks.keySet().removeAll(expired);
        outbox.removeTasks(expired);
        return expired.size();
    }

    @Override
    public synchronized int deleteEndedOf(String userId) {
        Set<String> ended = tasks.values().stream()
                .filter(t -> t.status().isTerminal() && t.request().userId().equals(userId))
                .map(Task::taskId)
                .collect(Collectors.toSet());
        tasks.keySet().removeAll(ended);
        outbox.removeTasks(ended);
        return ended.size();
    }

    @Override
    public synchronized Stats stats(Instant now) {
        long queued = 0;
        long running = 0;
        Instant oldest = null;
        for (Task t : tasks.values()) {
            if (t.status() == RunStatus.QUEUED) {
                queued++;
                if (!t.runAfter().isAfter(now) && (oldest == null || t.runAfter().isBefore(oldest))) {
                    oldest = t.runAfter();
                }
            } else if (t.status() == RunStatus.RUNNING) {
                running++;
            }
        }
        return new Stats(queued, running, oldest == null ? Duration.ZERO : Duration.between(oldest, now));
    }

    @Override
    public TaskOutbox outbox() {
        return outbox;
    }

    /**
     * The one write of a task's new state ({@code after}, made from {@code before} by a wither): refuses a status
     * change the table does not allow, and adds the webhook delivery of a task that has just ended (dated when it
     * ended).
     */
    private Task write(Task before, Task after) {
        if (after.status() != before.status()) {
            before.status().checkTransitionTo(after.status());
            if (after.status().isTerminal() && after.request().webhookUrl() != null) {
                outbox.add(after.taskId(), after.request().webhookUrl(), after.finishedAt());
            }
        }
        tasks.put(after.taskId(), after);
        return after;
    }

    private Task held(String taskId, String leaseToken) {
        Task t = tasks.get(taskId);
        return t != null && t.status() == RunStatus.RUNNING && t.lease() != null && t.lease().token().equals(leaseToken)
                ? t : null;
    }
}
