package io.agentry.server.runs;

import io.agentry.agent.RunResult;
import io.agentry.approval.Interruption;
import java.time.Instant;

/**
 * A finished run with what the API reports beside the loop's result.
 *
 * @param interruption when the run stopped for approval, the calls that wait and until when; else null
 * @param continuedBy  when a run that is not a task's stopped for approval, the task that continues it; else null
 */
public record RunOutcome(RunResult result, String sessionId, String agent, long latencyMs, Instant startedAt,
                         Interruption interruption, String continuedBy) {

    /** A run that did not stop for approval. */
    public RunOutcome(RunResult result, String sessionId, String agent, long latencyMs, Instant startedAt) {
        this(result, sessionId, agent, latencyMs, startedAt, null, null);
    }
}
