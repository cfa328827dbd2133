package io.agentry.langgraph;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ThreadStore} in memory, for tests and as the contract's reference. */
public final class InMemoryThreadStore implements ThreadStore {

    private static final Comparator<LangGraphThread> NEWEST_THREAD = Comparator.comparing(LangGraphThread::createdAt)
            .thenComparing(LangGraphThread::threadId).reversed();
    private static final Comparator<LangGraphRun> NEWEST_RUN = Comparator.comparing(LangGraphRun::createdAt)
            .thenComparing(LangGraphRun::runId).reversed();

    private final Map<String, LangGraphThread> threads = new ConcurrentHashMap<>();
    private final Map<String, LangGraphRun> runs = new ConcurrentHashMap<>();
    private final Map<String, LangGraphCron> crons = new ConcurrentHashMap<>();

    @Override
    public boolean create(LangGraphThread thread) {
        return threads.putIfAbsent(thread.threadId(), thread) == null;
    }

    @Override
    public Optional<LangGraphThread> find(String threadId) {
        return Optional.ofNullable(threads.get(threadId));
    }

    @Override
    public Optional<LangGraphThread> updateMetadata(String threadId, String metadataJson, Instant now) {
        return Optional.ofNullable(threads.computeIfPresent(threadId,
                (id, t) -> new LangGraphThread(id, t.userId(), metadataJson, t.createdAt(), now)));
    }

    @Override
    public synchronized boolean delete(String threadId) {
        runs.values().removeIf(r -> r.threadId().equals(threadId));
        return threads.remove(threadId) != null;
    }

    @Override
    public List<LangGraphThread> list(String userId, int offset, int limit) {
        return threads.values().stream().filter(t -> t.userId().equals(userId)).sorted(NEWEST_THREAD)
                .skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized int deleteUser(String userId) {
        runs.values().removeIf(r -> r.userId().equals(userId));
        crons.values().removeIf(c -> c.userId().equals(userId));
        int before = threads.size();
        threads.values().removeIf(t -> t.userId().equals(userId));
        return before - threads.size();
    }

    @Override
    public void addRun(LangGraphRun run) {
        if (runs.putIfAbsent(run.runId(), run) != null) {
            throw new IllegalStateException("run " + run.runId() + " exists");
        }
    }

    @Override
    public Optional<LangGraphRun> findRun(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public List<LangGraphRun> runs(String threadId, int offset, int limit) {
        return runs.values().stream().filter(r -> r.threadId().equals(threadId)).sorted(NEWEST_RUN)
                .skip(offset).limit(limit).toList();
    }

    @Override
    public boolean deleteRun(String runId) {
        return runs.remove(runId) != null;
    }

    @Override
    public List<LangGraphRun> due(Instant now, int limit) {
        return runs.values().stream()
                .filter(r -> (r.dispatch() == LangGraphRun.Dispatch.WAITING && !r.notBefore().isAfter(now))
                        || r.dispatch() == LangGraphRun.Dispatch.INTERRUPTED)
                .sorted(NEWEST_RUN.reversed()).limit(limit).toList();
    }

    @Override
    public void addCron(LangGraphCron cron) {
        if (crons.putIfAbsent(cron.cronId(), cron) != null) {
            throw new IllegalStateException("cron " + cron.cronId() + " exists");
        }
    }

    @Override
    public Optional<LangGraphCron> findCron(String cronId) {
        return Optional.ofNullable(crons.get(cronId));
    }

    @Override
    public boolean updateCron(LangGraphCron cron) {
        return crons.computeIfPresent(cron.cronId(), (id, old) -> new LangGraphCron(id, old.userId(), cron.assistantId(),
                cron.threadId(), cron.schedule(), cron.payloadJson(), cron.metadataJson(), cron.endTime(), old.createdAt(),
                cron.updatedAt())) != null;
    }

    @Override
    public boolean deleteCron(String cronId) {
        return crons.remove(cronId) != null;
    }

    @Override
    public List<LangGraphCron> crons(String userId, int offset, int limit) {
        return crons.values().stream().filter(c -> c.userId().equals(userId))
                .sorted(Comparator.comparing(LangGraphCron::createdAt).thenComparing(LangGraphCron::cronId))
                .skip(offset).limit(limit).toList();
    }

    @Override
    public boolean moveRun(String runId, LangGraphRun.Dispatch from, LangGraphRun.Dispatch to) {
        boolean[] moved = {false};
        runs.computeIfPresent(runId, (id, r) -> {
            if (r.dispatch() != from) {
                return r;
            }
            moved[0] = true;
            return new LangGraphRun(id, r.threadId(), r.userId(), r.assistantId(), r.agent(), r.message(),
                    r.metadataJson(), r.multitaskStrategy(), r.stateless(), r.webhookUrl(), r.apiKey(), r.createdAt(),
                    r.notBefore(), to, r.streamModes());
        });
        return moved[0];
    }
}
