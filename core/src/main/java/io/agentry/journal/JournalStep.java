package io.agentry.journal;

import dev.langchain4j.data.message.AiMessage;
import io.agentry.cost.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One finished (or, for a tool call, started) step of a run, as the journal keeps it.
 *
 * <p>A step's key is {@link #key()}: the iteration of the run (1, 2, ...), the position in it (0 for the
 * iteration's model call, {@code n} for the {@code n}-th tool call its reply asked for, 1-based) and the kind. A
 * chain of attempts has at most one step per key: the first write of a key wins, a later write of the same key is
 * ignored. {@code runId} is the attempt (run) that wrote the step; {@code at} when it did.
 */
public sealed interface JournalStep permits JournalStep.ModelCall, JournalStep.ToolStarted, JournalStep.ToolFinished {

    enum Kind { MODEL_CALL, TOOL_STARTED, TOOL_FINISHED }

    /** A step's identity within its chain; ordered as the run made them. */
    record Key(int iteration, int position, Kind kind) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(iteration, o.iteration);
            if (c == 0) {
                c = Integer.compare(position, o.position);
            }
            return c != 0 ? c : kind.compareTo(o.kind);
        }
    }

    int iteration();

    int position();

    String runId();

    Instant at();

    Kind kind();

    default Key key() {
        return new Key(iteration(), position(), kind());
    }

    /**
     * A model call that answered: its whole reply (text and the tool calls it asked for), what it used and cost
     * (null when the model has no price), the model the provider reported, its finish reason in lower case (null
     * when the provider gave none) and how long it took.
     */
    record ModelCall(int iteration, String runId, AiMessage reply, Usage usage, BigDecimal costUsd, String model,
                     String finishReason, long latencyMs, Instant at) implements JournalStep {
        public ModelCall {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(usage, "usage");
        }

        @Override
        public int position() {
            return 0;
        }

        @Override
        public Kind kind() {
            return Kind.MODEL_CALL;
        }

        /** Whether this reply ends the run (it asks for no tool). */
        public boolean isFinalAnswer() {
            return !reply.hasToolExecutionRequests();
        }
    }

    /**
     * A tool call about to be executed, written before it runs: a call with this step and no {@link ToolFinished}
     * may or may not have had its effect. Only tools that are not idempotent get one (an idempotent tool is simply
     * executed again).
     */
    record ToolStarted(int iteration, int position, String runId, String callId, String tool, String arguments,
                       Instant at) implements JournalStep {
        @Override
        public Kind kind() {
            return Kind.TOOL_STARTED;
        }
    }

    /**
     * A tool call that returned: {@code result} is the text fed back to the model ("Error: ..." for a failure),
     * {@code error} the failure alone (null on success), with the arguments it was executed with.
     */
    record ToolFinished(int iteration, int position, String runId, String callId, String tool, String arguments,
                        String result, String error, long durationMs, Instant at) implements JournalStep {
        public ToolFinished {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public Kind kind() {
            return Kind.TOOL_FINISHED;
        }
    }
}
