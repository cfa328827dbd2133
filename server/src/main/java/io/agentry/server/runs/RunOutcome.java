package io.agentry.server.runs;

import io.agentry.agent.RunResult;
import java.time.Instant;

/** A finished run with what the API reports beside the loop's result. */
public record RunOutcome(RunResult result, String sessionId, String agent, long latencyMs, Instant startedAt) {
}
