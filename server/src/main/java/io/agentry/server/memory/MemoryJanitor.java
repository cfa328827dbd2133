package io.agentry.server.memory;

import io.agentry.memory.MemoryStore;
import io.agentry.server.config.ConditionalOnWorkerRole;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes expired memory items every {@code agentry.memory.cleanup-interval}, from every worker process
 * (several doing it at once is harmless). Reads already hide expired items; this only reclaims space.
 */
@Component
@ConditionalOnWorkerRole
class MemoryJanitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MemoryJanitor.class);

    private final MemoryStore store;
    private final MemoryProperties properties;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    MemoryJanitor(MemoryStore store, MemoryProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    void deleteExpired() {
        try {
            int deleted = store.deleteExpired(clock.instant());
            if (deleted > 0) {
                log.info("Deleted {} expired memory item(s)", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete expired memory items ({})", e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("agentry-memory-janitor").daemon().factory());
            long interval = properties.cleanupInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::deleteExpired, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
