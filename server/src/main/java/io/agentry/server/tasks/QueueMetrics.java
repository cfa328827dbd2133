package io.agentry.server.tasks;

import io.agentry.queue.TaskQueue;
import io.agentry.server.config.PeriodicWork;
import io.agentry.server.observability.MetricsProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Gauges of the task queue ({@code agent_queue_depth}, {@code agent_queue_running},
 * {@code agent_queue_oldest_age_seconds}) and, in a worker process, of its slots
 * ({@code agent_worker_slots_busy}, {@code agent_worker_slots_capacity}).
 *
 * <p>The queue is the store's, shared by every process: its figures are read every
 * {@code agentry.metrics.queue-stats-interval} in the background and a scrape reads the last figures, so
 * scrapes never query the store. Every process reports the same queue; aggregate with {@code max}.
 */
@Component
class QueueMetrics extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

    private final TaskQueue queue;
    private final Clock clock;
    private final Duration interval;
    private volatile TaskQueue.Stats stats = new TaskQueue.Stats(0, 0, Duration.ZERO);

    QueueMetrics(TaskQueue queue, Clock clock, MetricsProperties properties, MeterRegistry registry,
                 ObjectProvider<TaskWorker> worker) {
        super("agentry-queue-metrics");
        this.queue = queue;
        this.clock = clock;
        this.interval = properties.queueStatsInterval();
        Gauge.builder("agent.queue.depth", this, m -> m.stats.queued())
                .description("Tasks waiting in the queue (retries waiting for their backoff included)").register(registry);
        Gauge.builder("agent.queue.running", this, m -> m.stats.running())
                .description("Tasks being run by a worker").register(registry);
        Gauge.builder("agent.queue.oldest.age", this, m -> m.stats.oldestQueuedAge().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("How long the oldest claimable task has waited; 0 when none waits").register(registry);
        worker.ifAvailable(w -> {
            Gauge.builder("agent.worker.slots.busy", w, TaskWorker::busySlots)
                    .description("Task slots of this worker in use").register(registry);
            Gauge.builder("agent.worker.slots.capacity", w, TaskWorker::totalSlots)
                    .description("Task slots of this worker (agentry.worker.concurrency)").register(registry);
        });
    }

    void refresh() {
        try {
            stats = queue.stats(clock.instant());
        } catch (RuntimeException e) {
            // the store is away: keep the last figures; the store's own health shows in /health/ready
            log.debug("Could not read queue stats: {}", e.getMessage());
        }
    }

    @Override
    protected List<Step> steps() {
        return List.of(new Step(this::refresh, Duration.ZERO, interval));
    }
}
