package io.agentry.store;

import java.util.Optional;

/** Where runs are recorded. Implementations must be safe for concurrent use. */
public interface RunStore {

    /** Inserts the run, or replaces the record with the same id. */
    void save(RunRecord run);

    Optional<RunRecord> find(String runId);
}
