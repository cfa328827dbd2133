package io.agentry.server.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work repeated at fixed delays, on one daemon thread of its own, while the application runs: the
 * lifecycle shared by the janitors, tickers and dispatchers. Restartable (Spring pauses and restarts
 * cached test contexts). A step must catch its own failures: an exception that escapes ends that step's
 * repetition. Stopping lets a pass in progress finish (up to 5 s) and interrupts it only after that.
 */
public abstract class PeriodicWork implements SmartLifecycle {

    /** One repeated action: first after {@code initialDelay}, then {@code interval} after each pass ends. */
    public record Step(Runnable action, Duration initialDelay, Duration interval) {
    }

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(PeriodicWork.class);

    private final String threadName;
    private ScheduledExecutorService scheduler;

    protected PeriodicWork(String threadName) {
        this.threadName = threadName;
    }

    /** What to repeat; empty when this process has nothing to do (the work is then not started). */
    protected abstract List<Step> steps();

    @Override
    public final synchronized void start() {
        List<Step> steps = steps();
        if (scheduler != null || steps.isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
        for (Step step : steps) {
            scheduler.scheduleWithFixedDelay(step.action(), step.initialDelay().toMillis(), step.interval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public final synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        // let a pass in progress end by itself: an interrupt inside store I/O can close the embedded
        // database's file; interrupt only a pass that does not end in time
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
                log.warn("{} did not stop within {} s and was interrupted", threadName, STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public final synchronized boolean isRunning() {
        return scheduler != null;
    }
}
