package io.agentry.langgraph;

import java.time.Instant;
import java.util.Objects;

/**
 * A LangGraph run: what a client asked for, kept so that it can be listed per thread and, until it is due,
 * held back. A run becomes a background task of the same id when it is dispatched; from then on its status
 * is the task's.
 *
 * @param assistantId   the assistant the client named
 * @param agent         the agent the run's task runs (an assistant's agent)
 * @param message       the user's message the run sends
 * @param metadataJson  the client's run metadata, a JSON object as text
 * @param stateless     a run without a thread of the client's (its session is the run's own)
 * @param notBefore     not dispatched before this instant ({@code after_seconds})
 * @param dispatch      where the run stands in being handed to the task queue
 * @param streamModes   the stream modes the client asked for, comma-separated (what a join streams by default); null
 *                      for the default ({@code values})
 */
public record LangGraphRun(String runId, String threadId, String userId, String assistantId, String agent, String message,
                           String metadataJson, String multitaskStrategy, boolean stateless, String webhookUrl,
                           String apiKey, Instant createdAt, Instant notBefore, Dispatch dispatch, String streamModes) {

    /**
     * WAITING: not a task yet (due later, or queued behind the thread's runs); SUBMITTED: its task exists (or is
     * being created); INTERRUPTED: its task was cancelled with LangGraph's {@code interrupt}, and the run's input is
     * still to be kept in its thread once the task has ended (then it is SUBMITTED again); CANCELLED: cancelled before
     * it became a task.
     */
    public enum Dispatch {
        WAITING, SUBMITTED, INTERRUPTED, CANCELLED
    }

    public LangGraphRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(dispatch, "dispatch");
    }
}
