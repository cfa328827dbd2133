package io.agentry.journal;

import java.time.Instant;
import java.util.List;

/**
 * The journal of runs: per chain of attempts (a background task's attempts share one chain, whose id is the task's;
 * a sync or streamed run is a chain of one, whose id is the run's), the steps those attempts finished, so that a
 * retried attempt replays them instead of paying for or executing them again. Implementations must be safe for
 * concurrent use by many threads and processes.
 *
 * <p>Write contract: {@link #append} writes its steps atomically, all or none, and only if the {@link Fence} holds at
 * that moment (checked in the same transaction, or under the same lock, as the queue's claims and moves); a step
 * whose key the chain already has is left as it was (the first write of a key wins). Reads see every step whose
 * write returned.
 */
public interface RunJournal {

    /**
     * Appends {@code steps} to the chain {@code journalId}, the run of user {@code userId} (null for runs made for
     * nobody), unless the fence refuses.
     *
     * @return false when the fence refused and nothing was written
     */
    boolean append(String journalId, String userId, Fence fence, List<JournalStep> steps);

    /** The chain's steps in key order ({@link JournalStep.Key}); empty for a chain never written. */
    List<JournalStep> steps(String journalId);

    /** Deletes every chain of the user's runs; returns how many steps went. */
    int deleteUser(String userId);

    /**
     * Deletes the chains whose latest step was written before {@code cutoff} (a chain written to since is kept
     * whole, however old its first steps); returns how many steps went.
     */
    int deleteWrittenBefore(Instant cutoff);
}
