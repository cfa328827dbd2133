package io.agentry.queue;

import io.agentry.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link TaskQueue} in memory, for tests and benchmarks: same semantics as the SQL queue, one lock,
 * nothing survives a restart.
 */
public final class InMemoryTaskQueue implements TaskQueue {

    private static final Comparator<Task> NEWEST_FIRST =
            Comparator.comparing(Task::createdAt).thenComparing(Task::taskId).reversed();

    private final Map<String, Task> tasks = new LinkedHashMap<>();

    @Override
    public synchronized Enqueued enqueue(String taskId, TaskRequest request, String idempotencyKey, String requestHash,
                                         int maxRetries, Instant now) {
        if (idempotencyKey != null) {
            Optional<Task> existing = findByIdempotencyKey(request.userId(), idempotencyKey);
            if (existing.isPresent()) {
                return new Enqueued(existing.get(), false);
            }
        }
        Task task = new Task(taskId, request, idempotencyKey, requestHash, RunStatus.QUEUED, 0, maxRetries, now, null,
                false, null, null, now, null, null);
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
            Task running = new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.RUNNING,
                    t.attempts() + 1, t.maxRetries(), t.runAfter(),
                    new Lease(owner, UUID.randomUUID().toString(), now.plus(leaseDuration)), false, t.resultJson(),
                    t.error(), t.createdAt(), t.startedAt() == null ? now : t.startedAt(), null);
            tasks.put(t.taskId(), running);
            claimed.add(running);
        }
        return claimed;
    }

    @Override
    public synchronized Renewal renew(String taskId, String leaseToken, Instant expiresAt) {
        Task t = held(taskId, leaseToken);
        if (t == null) {
            return Renewal.LOST;
        }
        tasks.put(taskId, withLease(t, new Lease(t.lease().owner(), leaseToken, expiresAt)));
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
        tasks.put(taskId, new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), outcome, t.attempts(),
                t.maxRetries(), t.runAfter(), null, t.cancelRequested(), resultJson, error, t.createdAt(), t.startedAt(), now));
        return true;
    }

    @Override
    public synchronized Handback retryLater(String taskId, String leaseToken, Instant runAfter, String error,
                                            Instant now) {
        Task t = held(taskId, leaseToken);
        if (t == null) {
            return Handback.LOST;
        }
        if (t.cancelRequested()) {
            return cancelled(t, now);
        }
        tasks.put(taskId, new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.QUEUED,
                t.attempts(), t.maxRetries(), runAfter, null, false, t.resultJson(), error, t.createdAt(), t.startedAt(), null));
        return Handback.REQUEUED;
    }

    @Override
    public synchronized Handback release(String taskId, String leaseToken, Instant now) {
        Task t = held(taskId, leaseToken);
        if (t == null) {
            return Handback.LOST;
        }
        if (t.cancelRequested()) {
            return cancelled(t, now);
        }
        tasks.put(taskId, new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.QUEUED,
                t.attempts() - 1, t.maxRetries(), now, null, false, t.resultJson(), t.error(), t.createdAt(),
                t.startedAt(), null));
        return Handback.REQUEUED;
    }

    private Handback cancelled(Task t, Instant now) {
        tasks.put(t.taskId(), new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.CANCELLED,
                t.attempts(), t.maxRetries(), t.runAfter(), null, true, t.resultJson(), CANCELLED_ERROR, t.createdAt(),
                t.startedAt(), now));
        return Handback.CANCELLED;
    }

    @Override
    public synchronized Optional<Cancel> cancel(String taskId, Instant now) {
        Task t = tasks.get(taskId);
        if (t == null) {
            return Optional.empty();
        }
        Task after = switch (t.status()) {
            case QUEUED -> new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.CANCELLED,
                    t.attempts(), t.maxRetries(), t.runAfter(), null, true, t.resultJson(), t.error(), t.createdAt(),
                    t.startedAt(), now);
            case RUNNING -> new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), t.status(),
                    t.attempts(), t.maxRetries(), t.runAfter(), t.lease(), true, t.resultJson(), t.error(), t.createdAt(),
                    t.startedAt(), t.finishedAt());
            default -> t;
        };
        tasks.put(taskId, after);
        return Optional.of(new Cancel(after, t.status() == RunStatus.QUEUED));
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
            Task after;
            if (t.cancelRequested()) {
                after = new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.CANCELLED,
                        t.attempts(), t.maxRetries(), t.runAfter(), null, true, t.resultJson(), t.error(), t.createdAt(),
                        t.startedAt(), now);
                cancelled++;
                ended.add(t.taskId());
            } else if (t.hasRetriesLeft()) {
                after = new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.QUEUED,
                        t.attempts(), t.maxRetries(), now, null, false, t.resultJson(), LEASE_EXPIRED_ERROR, t.createdAt(),
                        t.startedAt(), null);
                requeued++;
            } else {
                after = new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), RunStatus.FAILED,
                        t.attempts(), t.maxRetries(), t.runAfter(), null, false, t.resultJson(), LEASE_EXPIRED_ERROR,
                        t.createdAt(), t.startedAt(), now);
                failed++;
                ended.add(t.taskId());
            }
            tasks.put(t.taskId(), after);
        }
        return new Recovery(requeued, failed, cancelled, ended);
    }

    @Override
    public synchronized int deleteFinishedBefore(Instant cutoff) {
        int before = tasks.size();
        tasks.values().removeIf(t -> t.status().isTerminal() && t.finishedAt() != null && t.finishedAt().isBefore(cutoff));
        return before - tasks.size();
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

    private Task held(String taskId, String leaseToken) {
        Task t = tasks.get(taskId);
        return t != null && t.status() == RunStatus.RUNNING && t.lease() != null && t.lease().token().equals(leaseToken)
                ? t : null;
    }

    private static Task withLease(Task t, Lease lease) {
        return new Task(t.taskId(), t.request(), t.idempotencyKey(), t.requestHash(), t.status(), t.attempts(),
                t.maxRetries(), t.runAfter(), lease, t.cancelRequested(), t.resultJson(), t.error(), t.createdAt(),
                t.startedAt(), t.finishedAt());
    }
}
