package io.agentry.server.tasks;

import io.agentry.queue.TaskQueue;
import io.agentry.server.config.ConditionalOnWorkerRole;
import io.agentry.server.config.PeriodicWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the queue healthy from every worker process: gives tasks whose lease expired (their worker
 * died) back to the queue, and deletes finished tasks past their retention. Several workers doing this
 * at once is harmless (claims skip each other's locked rows).
 */
@Component
@ConditionalOnWorkerRole
class QueueJanitor extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(QueueJanitor.class);

    private final TaskQueue queue;
    private final TaskSignals signals;
    private final WorkerProperties worker;
    private final TasksProperties tasks;
    private final Clock clock;
    private final TaskEndings endings;

    QueueJanitor(TaskQueue queue, TaskSignals signals, WorkerProperties worker, TasksProperties tasks, Clock clock,
                 TaskEvents events) {
        super("agentry-janitor");
        this.endings = new TaskEndings(queue, events);
        this.queue = queue;
        this.signals = signals;
        this.worker = worker;
        this.tasks = tasks;
        this.clock = clock;
    }

    void recover() {
        try {
            // the tasks it ends are ended there too (their streams), as every ending is
            TaskQueue.Recovery recovery = endings.recoverExpired(clock.instant());
            if (recovery.total() > 0) {
                log.warn("Recovered tasks of lost workers: {} requeued, {} failed, {} cancelled",
                        recovery.requeued(), recovery.failed(), recovery.cancelled());
                if (recovery.requeued() > 0) {
                    signals.taskEnqueued();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not recover expired leases ({})", e.getMessage());
        }
    }

    void deleteExpired() {
        try {
            int deleted = queue.deleteFinishedBefore(clock.instant().minus(tasks.retention()));
            if (deleted > 0) {
                log.info("Deleted {} finished task(s) older than {}", deleted, tasks.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete expired tasks ({})", e.getMessage());
        }
    }

    @Override
    protected List<Step> steps() {
        return List.of(new Step(this::recover, worker.recoveryInterval(), worker.recoveryInterval()),
                new Step(this::deleteExpired, Duration.ZERO, tasks.cleanupInterval()));
    }
}
