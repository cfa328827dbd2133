package io.agentry.server.tasks;

import io.agentry.agent.Cancellation;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.server.config.ConditionalOnWorkerRole;
import io.agentry.server.observability.TraceContexts;
import io.agentry.server.runs.RunService;
import io.agentry.util.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs background tasks in this process. A dispatcher claims tasks only for free slots (no prefetch
 * beyond capacity) and starts each on a virtual thread; a heartbeat renews the leases of running tasks
 * (a lost lease or a cancel request stops the run); a watchdog abandons attempts at the hard time
 * limit. Idle, the dispatcher sleeps until a task is enqueued ({@link TaskSignals}) or the poll
 * interval passes. On shutdown it stops claiming, lets running tasks finish within the grace period and
 * gives the rest back to the queue for other workers.
 */
@Component
@ConditionalOnWorkerRole
public class TaskWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    /** Waits between failed claims (the store unreachable): from about 0.5 s, growing to about 10 s. */
    private static final Backoff CLAIM_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final TaskQueue queue;
    private final TaskSignals signals;
    private final WorkerProperties properties;
    private final Clock clock;
    private final TaskEndings endings;
    private final TaskExecution.Context context;
    private final Semaphore slots;
    private final Map<String, TaskExecution> running = new ConcurrentHashMap<>();
    private final WakeUp wakeUp = new WakeUp();
    private volatile ScheduledExecutorService timers;
    private volatile boolean accepting;
    private volatile Thread dispatcher;

    public TaskWorker(TaskQueue queue, RunService runs, TaskSignals signals, TaskEvents events,
                      WorkerProperties properties, Clock clock, JsonMapper json, TraceContexts traces) {
        this.queue = queue;
        this.signals = signals;
        this.properties = properties;
        this.clock = clock;
        this.endings = new TaskEndings(queue, events);
        this.context = new TaskExecution.Context(queue, endings, runs, events, json, clock,
                new Backoff(properties.retryBaseDelay(), properties.retryMaxDelay()), properties.softTimeLimit(), traces);
        this.slots = new Semaphore(properties.concurrency());
        signals.onTaskEnqueued(wakeUp::ring);
        signals.onCancelRequested(this::cancelLocally);
    }

    /** Starts (or, after a stop, restarts) claiming; a stopped worker holds no threads. */
    @Override
    public void start() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2,
                Thread.ofPlatform().name("agentry-worker-timer-", 0).daemon().factory());
        // a finished task cancels its hard-limit timer; the timer must not keep the task reachable for minutes
        pool.setRemoveOnCancelPolicy(true);
        timers = pool;
        accepting = true;
        dispatcher = Thread.ofVirtual().name("agentry-task-dispatcher").start(this::dispatch);
        long heartbeat = properties.heartbeatInterval().toMillis();
        timers.scheduleWithFixedDelay(this::renewLeases, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        log.info("Worker {} started with {} slots", properties.id(), properties.concurrency());
    }

    private void dispatch() {
        int failedClaims = 0;
        while (accepting) {
            try {
                int free = slots.availablePermits();
                if (free > 0) {
                    List<Task> claimed = queue.claim(properties.id(), free, properties.leaseDuration(), clock.instant());
                    for (Task task : claimed) {
                        if (accepting) {
                            launch(task);
                        } else {
                            // shutdown began while this claim was in flight: give the task straight back
                            endings.release(task, clock.instant());
                        }
                    }
                    if (claimed.size() == free) {
                        continue;
                    }
                }
                wakeUp.await(properties.pollInterval());
                failedClaims = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                Duration wait = CLAIM_BACKOFF.delay(++failedClaims, null);
                log.warn("Could not claim tasks ({}); retrying in {} ms", e.getMessage(), wait.toMillis());
                try {
                    wakeUp.await(wait);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void launch(Task task) {
        if (!slots.tryAcquire()) {
            // cannot happen: we claim at most the free slots and only this thread takes them
            endings.release(task, clock.instant());
            return;
        }
        TaskExecution execution = new TaskExecution(task, context);
        running.put(task.taskId(), execution);
        execution.hardLimit(timers.schedule(() -> enforceHardLimit(execution), properties.hardTimeLimit().toMillis(),
                TimeUnit.MILLISECONDS));
        Thread.ofVirtual().name("agentry-task-" + task.taskId()).start(() -> {
            try {
                execution.run();
            } finally {
                finished(execution);
            }
        });
    }

    private void finished(TaskExecution execution) {
        execution.cancelHardLimit();
        running.remove(execution.task().taskId(), execution);
        if (execution.releaseSlot()) {
            slots.release();
            wakeUp.ring();
        }
    }

    private void enforceHardLimit(TaskExecution execution) {
        if (execution.isDone() || running.get(execution.task().taskId()) != execution) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            execution.abandon();
            finished(execution);
        });
    }

    private void renewLeases() {
        for (TaskExecution execution : running.values()) {
            try {
                var expiry = clock.instant().plus(properties.leaseDuration());
                switch (queue.renew(execution.task().taskId(), execution.leaseToken(), expiry)) {
                    case LOST -> execution.stop(Cancellation.Reason.LEASE_LOST);
                    case CANCEL_REQUESTED -> execution.stop(Cancellation.Reason.CANCELLED);
                    case RENEWED -> {
                    }
                }
            } catch (RuntimeException e) {
                // the store is unreachable: keep running; if it stays away the lease expires and the task moves
                log.warn("Could not renew the lease of task {} ({})", execution.task().taskId(), e.getMessage());
            }
        }
    }

    private void cancelLocally(String taskId) {
        TaskExecution execution = running.get(taskId);
        if (execution != null) {
            execution.stop(Cancellation.Reason.CANCELLED);
        }
    }

    /** Slots in use, for metrics. */
    public int busySlots() {
        return properties.concurrency() - slots.availablePermits();
    }

    public int totalSlots() {
        return properties.concurrency();
    }

    @Override
    public void stop(Runnable callback) {
        Thread.ofVirtual().name("agentry-worker-shutdown").start(() -> {
            try {
                shutdown();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public void stop() {
        shutdown();
    }

    private void shutdown() {
        accepting = false;
        stopDispatcher();
        log.info("Worker {} stopping: {} task(s) running, waiting up to {} s", properties.id(), running.size(),
                properties.shutdownGrace().toSeconds());
        awaitIdle(properties.shutdownGrace());
        if (!running.isEmpty()) {
            log.info("Releasing {} unfinished task(s) for other workers", running.size());
            running.values().forEach(e -> e.stop(Cancellation.Reason.SHUTDOWN));
            awaitIdle(Duration.ofSeconds(3));
        }
        timers.shutdownNow();
    }

    /**
     * Lets the dispatcher finish the claim it may be in (it gives back whatever it claims from now on), so
     * no task is left claimed but never launched; interrupts it only if the store does not answer.
     */
    private void stopDispatcher() {
        Thread d = dispatcher;
        if (d == null) {
            return;
        }
        wakeUp.ring();
        try {
            if (!d.join(Duration.ofSeconds(10))) {
                d.interrupt();
                d.join(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }
}
