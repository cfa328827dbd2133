package io.agentry.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.agentry.tool.Tool;

/**
 * Watches a run's model and tool calls while they happen, for traces and metrics (the server implements it
 * with OpenTelemetry spans and Micrometer meters; core knows neither).
 *
 * <p>Contract: {@link #modelCall} and {@link #toolCall} are called on the run's thread just before the call
 * starts, so whatever the run's thread has current (its trace) is the parent; every observation returned is
 * ended exactly once ({@code replied}/{@code failed}, {@code finished}), for a parallel tool call on the
 * thread that ran it. The loop guards every call: an observer that throws is logged and ignored, never
 * failing the run; still, implementations should be cheap and must not block.
 */
public interface RunObserver {

    RunObserver NONE = new RunObserver() {
    };

    /** Error types of {@link ToolObservation#finished}, besides the simple class name of an unexpected exception. */
    String UNKNOWN_TOOL = "unknown_tool";
    String TOOL_ERROR = "tool_error";
    String NO_RESULT = "no_result";
    String INTERRUPTED = "interrupted";
    /** A reviewer rejected the call: it did not run. */
    String REJECTED = "rejected";

    /**
     * One model call (retries included) of {@code run}, to {@code model} as configured for the agent.
     *
     * @param iteration the call's 1-based number in the run
     */
    default ModelObservation modelCall(RunInput run, String model, int iteration, ChatRequest request) {
        return ModelObservation.NONE;
    }

    /**
     * One tool call of {@code run}.
     *
     * @param tool the agent's tool of the requested name, or null when the model asked for a tool the agent
     *             does not have (then the name is the model's and unbounded)
     */
    default ToolObservation toolCall(RunInput run, ToolExecutionRequest request, Tool tool) {
        return ToolObservation.NONE;
    }

    /** What {@link ModelObservation#makeCurrent()} made current, until closed. */
    interface Scope extends AutoCloseable {

        Scope NONE = () -> {
        };

        @Override
        void close();
    }

    interface ModelObservation {

        ModelObservation NONE = new ModelObservation() {
            @Override
            public void replied(ModelCall call) {
            }

            @Override
            public void failed(Throwable error) {
            }
        };

        /** Makes the call current on the calling thread (its children and log lines belong to it). */
        default Scope makeCurrent() {
            return Scope.NONE;
        }

        /** The model answered; {@code call} is as the run reports it (usage, cost, finish reason, latency). */
        void replied(ModelCall call);

        /** The call failed or was interrupted ({@link InterruptedException}); nothing was accounted. */
        void failed(Throwable error);
    }

    interface ToolObservation {

        ToolObservation NONE = errorType -> {
        };

        /** Makes the call current on the calling thread (the tool's own calls and log lines belong to it). */
        default Scope makeCurrent() {
            return Scope.NONE;
        }

        /**
         * @param errorType null when the tool produced a result; else {@link #UNKNOWN_TOOL}, {@link #TOOL_ERROR}
         *                  (the tool refused the call), {@link #NO_RESULT}, {@link #INTERRUPTED}, or the simple
         *                  class name of the exception the tool threw
         */
        void finished(String errorType);
    }
}
