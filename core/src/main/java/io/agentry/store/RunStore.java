package io.agentry.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where runs are recorded. Implementations must be safe for concurrent use. */
public interface RunStore {

    /** Inserts the run, or replaces the record with the same id. */
    void save(RunRecord run);

    Optional<RunRecord> find(String runId);

    /**
     * Ids of the user's runs requested in {@code mode} ({@link RunRecord#mode}) that finished at or after
     * {@code finishedSince}, or have not finished.
     */
    List<String> runIds(String userId, String mode, Instant finishedSince);

    /**
     * Anonymises the user's runs for good: each keeps its figures (tokens, cost, model, agent, mode, status,
     * iterations, tool calls, latency, times, task and schedule ids) under {@code pseudonym} instead of the user's
     * id, and loses what it held of the conversation (its session id and its error text). Returns how many.
     */
    int pseudonymise(String userId, String pseudonym);
}
