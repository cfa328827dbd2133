package io.agentry.run;

import io.agentry.agent.RunResult;
import io.agentry.cost.Usage;
import java.math.BigDecimal;

/**
 * What a run reports while it happens, in order. A run emits {@code run.started}, then any number of
 * {@code token}, {@code tool.started}, {@code tool.finished} and {@code usage} events, then exactly one
 * terminal event: {@code run.completed}, {@code run.failed}, {@code run.cancelled} or {@code run.interrupted} (tool
 * calls wait for a person's approval; {@link RunResult#pendingCalls}). Sequence numbers
 * are assigned by whoever records the events, not here.
 */
public sealed interface RunEvent {

    /** The event's name on the wire (SSE {@code event:} field). */
    String type();

    default boolean isTerminal() {
        return this instanceof Completed || this instanceof Failed || this instanceof Cancelled
                || this instanceof Interrupted;
    }

    record Started(String runId, String agent, String model) implements RunEvent {
        public String type() {
            return "run.started";
        }
    }

    /** A piece of the model's answer text, as the model produced it. */
    record Token(String text) implements RunEvent {
        public String type() {
            return "token";
        }
    }

    record ToolStarted(String callId, String tool, String arguments) implements RunEvent {
        public String type() {
            return "tool.started";
        }
    }

    /** {@code error} is null when the tool succeeded; {@code result} is what the model was given. */
    record ToolFinished(String callId, String tool, String result, String error, long durationMs) implements RunEvent {
        public String type() {
            return "tool.finished";
        }
    }

    /** After each model call: that call's usage and the run's totals so far. */
    record UsageReport(int iteration, String model, Usage call, Usage total, BigDecimal costUsd) implements RunEvent {
        public String type() {
            return "usage";
        }
    }

    record Completed(RunResult result) implements RunEvent {
        public String type() {
            return "run.completed";
        }
    }

    record Failed(RunResult result) implements RunEvent {
        public String type() {
            return "run.failed";
        }
    }

    record Cancelled(RunResult result) implements RunEvent {
        public String type() {
            return "run.cancelled";
        }
    }

    /** The run stopped before running tool calls that need approval ({@link RunResult#pendingCalls}). */
    record Interrupted(RunResult result) implements RunEvent {
        public String type() {
            return "run.interrupted";
        }
    }
}
