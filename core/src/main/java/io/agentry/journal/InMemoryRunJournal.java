package io.agentry.journal;

import io.agentry.queue.TaskQueue;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link RunJournal} in memory, for tests and benchmarks, fenced by a task queue's leases. Its writes hold the
 * queue's monitor while they check the fence and write, so with {@link io.agentry.queue.InMemoryTaskQueue} (whose
 * methods hold the same monitor) no claim or move of the task can come between the check and the write.
 */
public final class InMemoryRunJournal implements RunJournal {

    private record Chain(String userId, TreeMap<JournalStep.Key, JournalStep> steps) {
    }

    private final TaskQueue leases;
    private final Map<String, Chain> chains = new HashMap<>();

    /** A journal whose fenced writes are checked against {@code leases}. */
    public InMemoryRunJournal(TaskQueue leases) {
        this.leases = leases;
    }

    @Override
    public boolean append(String journalId, String userId, Fence fence, List<JournalStep> steps) {
        synchronized (leases) {
            if (fence.isFenced() && !leases.holdsLease(fence.taskId(), fence.leaseToken())) {
                return false;
            }
            synchronized (this) {
                Chain chain = chains.computeIfAbsent(journalId, id -> new Chain(userId, new TreeMap<>()));
                for (JournalStep step : steps) {
                    chain.steps().putIfAbsent(step.key(), step);
                }
                return true;
            }
        }
    }

    @Override
    public synchronized List<JournalStep> steps(String journalId) {
        Chain chain = chains.get(journalId);
        return chain == null ? List.of() : List.copyOf(chain.steps().values());
    }

    @Override
    public synchronized int deleteUser(String userId) {
        int deleted = 0;
        for (var it = chains.values().iterator(); it.hasNext(); ) {
            Chain chain = it.next();
            if (userId.equals(chain.userId())) {
                deleted += chain.steps().size();
                it.remove();
            }
        }
        return deleted;
    }

    @Override
    public synchronized int deleteWrittenBefore(Instant cutoff) {
        int deleted = 0;
        for (var it = chains.values().iterator(); it.hasNext(); ) {
            Chain chain = it.next();
            Instant latest = chain.steps().values().stream().map(JournalStep::at).max(Comparator.naturalOrder())
                    .orElse(Instant.MIN);
            if (latest.isBefore(cutoff)) {
                deleted += chain.steps().size();
                it.remove();
            }
        }
        return deleted;
    }
}
