package io.agentry.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RunStore} in a map: for tests and benchmarks; forgets everything on restart. */
public final class InMemoryRunStore implements RunStore {

    private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();

    @Override
    public void save(RunRecord run) {
        runs.put(run.runId(), run);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }
}
