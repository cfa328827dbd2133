package io.agentry.server.runs;

import io.agentry.journal.RunJournal;
import io.agentry.server.config.ConditionalOnWorkerRole;
import io.agentry.server.config.PeriodicWork;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes the journal's chains whose latest step is older than {@code agentry.journal.retention}, every
 * {@code agentry.journal.cleanup-interval}, from every worker process (several doing it at once is harmless). A chain
 * still being written to is kept whole, however old its first steps.
 */
@Component
@ConditionalOnWorkerRole
class JournalJanitor extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(JournalJanitor.class);

    private final RunJournal journal;
    private final JournalProperties properties;
    private final Clock clock;

    JournalJanitor(RunJournal journal, JournalProperties properties, Clock clock) {
        super("agentry-journal-janitor");
        this.journal = journal;
        this.properties = properties;
        this.clock = clock;
    }

    void deleteExpired() {
        try {
            int deleted = journal.deleteWrittenBefore(clock.instant().minus(properties.retention()));
            if (deleted > 0) {
                log.info("Deleted {} journalled step(s) past their retention", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete expired journal steps ({})", e.getMessage());
        }
    }

    @Override
    protected List<Step> steps() {
        return List.of(new Step(this::deleteExpired, properties.cleanupInterval(), properties.cleanupInterval()));
    }
}
