package io.agentry.journal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal as one attempt of a run sees it: the steps earlier attempts of its chain finished
 * ({@link #replay()}, read once), and where its own steps go ({@link #write}).
 *
 * <p>Write contract: {@link #write} returns once the steps are in the store, or throws {@link FencedOutException}
 * when the attempt's fence refused them (nothing written: the attempt must stop). Two kinds of step are held instead,
 * each saving a commit, and written with the next write or by {@link #flush}: a model call that is the run's final
 * answer (the caller that records the run flushes in the transaction that records it, so the answer and its run
 * record are committed together), and what the caller {@link #hold}s, the results of idempotent tools (losing one
 * costs only its execution again, which is harmless by definition). A process that dies before a held step is
 * written loses it, as it would lose a call in flight. Thread-safe: the tool calls of a turn write in parallel.
 */
public final class AttemptJournal {

    /** Journals nothing and replays nothing (runs that need no durability: tests, tools). */
    public static final AttemptJournal NONE = new AttemptJournal(null, null, null, Fence.NONE, null, Clock.systemUTC());

    private final RunJournal journal;
    private final String journalId;
    private final String userId;
    private final Fence fence;
    private final String runId;
    private final Clock clock;
    private final List<JournalStep> held = new ArrayList<>();
    private JournalReplay replay;

    private AttemptJournal(RunJournal journal, String journalId, String userId, Fence fence, String runId, Clock clock) {
        this.journal = journal;
        this.journalId = journalId;
        this.userId = userId;
        this.fence = fence;
        this.runId = runId;
        this.clock = clock;
    }

    /**
     * The journal of attempt {@code runId} of chain {@code journalId} (a task's id, or for a run that is no task's
     * attempt, the run's own id), for user {@code userId}, its writes fenced by {@code fence}.
     */
    public static AttemptJournal of(RunJournal journal, String journalId, String userId, Fence fence, String runId,
                                    Clock clock) {
        return new AttemptJournal(journal, journalId, userId, fence, runId, clock);
    }

    /**
     * As {@link #of}, for a chain this attempt begins (a sync or streamed run's, whose id is its new run id): there is
     * nothing to replay, so the store is not asked.
     */
    public static AttemptJournal ofNewChain(RunJournal journal, String journalId, String userId, Fence fence, String runId,
                                            Clock clock) {
        AttemptJournal attempt = new AttemptJournal(journal, journalId, userId, fence, runId, clock);
        attempt.replay = JournalReplay.EMPTY;
        return attempt;
    }

    /** The chain's id; null for {@link #NONE}. */
    public String journalId() {
        return journalId;
    }

    public Fence fence() {
        return fence;
    }

    /** When a step written now is dated. */
    public Instant now() {
        return clock.instant();
    }

    /** What earlier attempts of the chain finished, read from the store the first time it is asked for. */
    public synchronized JournalReplay replay() {
        if (replay == null) {
            replay = journal == null ? JournalReplay.EMPTY : new JournalReplay(journal.steps(journalId));
        }
        return replay;
    }

    /**
     * Writes {@code steps} (all or none) with whatever is held, or holds a final answer for {@link #flush}.
     *
     * @throws FencedOutException when the fence refused the write
     */
    public synchronized void write(List<JournalStep> steps) {
        if (journal == null || steps.isEmpty()) {
            return;
        }
        if (steps.size() == 1 && steps.getFirst() instanceof JournalStep.ModelCall call && call.isFinalAnswer()) {
            held.add(call);
            return;
        }
        List<JournalStep> all = new ArrayList<>(held);
        all.addAll(steps);
        held.clear();
        if (!journal.append(journalId, userId, fence, all)) {
            throw new FencedOutException(fence.taskId());
        }
    }

    /** Keeps {@code step} to be written with the next {@link #write} or {@link #flush}, whichever comes first. */
    public synchronized void hold(JournalStep step) {
        if (journal != null) {
            held.add(step);
        }
    }

    public void write(JournalStep step) {
        write(List.of(step));
    }

    /**
     * Writes what {@link #write} held (the final answer), if anything, and keeps holding it: the caller's transaction
     * may roll back and run again (a shared commit whose batch failed is retried alone, see the server's group
     * commit), and then must write the same steps again. Writing a step twice is harmless, the first write of a key
     * wins.
     *
     * @return false when the fence refused it (nothing written)
     */
    public synchronized boolean flush() {
        List<JournalStep> pending = List.copyOf(held);
        return journal == null || pending.isEmpty() || journal.append(journalId, userId, fence, pending);
    }
}
