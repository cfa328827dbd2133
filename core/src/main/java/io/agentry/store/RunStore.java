package io.agentry.store;

import io.agentry.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where runs are recorded. Implementations must be safe for concurrent use. */
public interface RunStore {

    /** Inserts the run, or replaces the record with the same id. */
    void save(RunRecord run);

    Optional<RunRecord> find(String runId);

    /**
     * Which runs {@link #list} returns: those matching every filter that is not null, started ({@code createdAt}) in
     * {@code [from, to)}, with an id below {@code beforeRunId} (the last of the previous page; run ids are ordered by
     * creation time), newest first, at most {@code limit}.
     *
     * @param userId one user's runs; null for every user's
     * @param status how the runs ended ({@link RunRecord#status})
     */
    record RunQuery(String userId, String agent, String model, String mode, RunStatus status, String taskId,
                    Instant from, Instant to, String beforeRunId, int limit) {
    }

    /** The runs the query selects, newest first (by run id, descending). */
    List<RunRecord> list(RunQuery query);

    /**
     * Inserts the run unless a record with its id exists (which is left as it is): for a record written on behalf of
     * a run that may still write its own, which must win. Returns whether it inserted. The default is not atomic;
     * stores shared between processes override it.
     */
    default boolean saveIfAbsent(RunRecord run) {
        if (find(run.runId()).isPresent()) {
            return false;
        }
        save(run);
        return true;
    }

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
