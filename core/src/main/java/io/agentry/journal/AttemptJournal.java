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
 * when the attempt's fence refused them (nothing written: the attempt must stop). One exception, which saves a
 * commit per run: a model call that is the run's final answer is held, not written, until {@link #flush}, which the
 * caller that records the run calls in the transaction that records it (so the answer and its run record are
 * committed together; a process that dies before that commit loses the answer, as it would lose a call in flight).
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
     * Writes {@code steps} (all or none), or holds a final answer for {@link #flush}.
     *
     * @throws FencedOutException when the fence refused the write
     */
    public void write(List<JournalStep> steps) {
        if (journal == null || steps.isEmpty()) {
            return;
        }
        if (steps.size() == 1 && steps.getFirst() instanceof JournalStep.ModelCall call && call.isFinalAnswer()) {
            synchronized (this) {
                held.add(call);
            }
            return;
        }
        if (!journal.append(journalId, userId, fence, steps)) {
            throw new FencedOutException(fence.taskId());
        }
    }

    public void write(JournalStep step) {
        write(List.of(step));
    }

    /**
     * Writes what {@link #write} held (the final answer), if anything.
     *
     * @return false when the fence refused it (nothing written)
     */
    public boolean flush() {
        List<JournalStep> pending;
        synchronized (this) {
            pending = List.copyOf(held);
            held.clear();
        }
        return journal == null || pending.isEmpty() || journal.append(journalId, userId, fence, pending);
    }
}
