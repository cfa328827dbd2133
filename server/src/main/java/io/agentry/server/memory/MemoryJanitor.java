package io.agentry.server.memory;

import io.agentry.memory.MemoryStore;
import io.agentry.server.config.ConditionalOnWorkerRole;
import io.agentry.server.config.PeriodicWork;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes expired memory items every {@code agentry.memory.cleanup-interval}, from every worker process
 * (several doing it at once is harmless). Reads already hide expired items; this only reclaims space.
 */
@Component
@ConditionalOnWorkerRole
class MemoryJanitor extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(MemoryJanitor.class);

    private final MemoryStore store;
    private final MemoryProperties properties;
    private final Clock clock;

    MemoryJanitor(MemoryStore store, MemoryProperties properties, Clock clock) {
        super("agentry-memory-janitor");
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
    protected List<Step> steps() {
        return List.of(new Step(this::deleteExpired, properties.cleanupInterval(), properties.cleanupInterval()));
    }
}
