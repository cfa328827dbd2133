package io.agentry.approval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why a run stopped before running a turn's tool calls: the calls of model call {@code iteration} that need a
 * person's approval, and until when that approval may come. A task keeps it while it is interrupted; a resume
 * adds the {@code decisions} (one per pending call), which the next attempt reads when it reaches that turn again.
 *
 * <p>The {@code deadline} also tells interruptions of one task apart: a resume or a timeout names the one it acts
 * on, so it cannot act on a later one.
 *
 * @param iteration the model call (1-based) whose tool calls wait
 * @param calls     the calls that wait, in the order the model asked for them
 * @param deadline  when the approval times out (the agent's {@code approval-timeout} after the interruption)
 * @param decisions empty while waiting; after a resume, one per pending call
 */
public record Interruption(int iteration, List<PendingCall> calls, Instant deadline, List<Decision> decisions) {

    public Interruption {
        calls = List.copyOf(calls);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        Objects.requireNonNull(deadline, "deadline");
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("an interruption waits for at least one call");
        }
    }

    /** This interruption decided. */
    public Interruption decided(List<Decision> decided) {
        return new Interruption(iteration, calls, deadline, decided);
    }

    /** This interruption with another deadline (a store keeps times at its own precision). */
    public Interruption withDeadline(Instant at) {
        return new Interruption(iteration, calls, at, decisions);
    }
}
