package io.agentry.agent;

import dev.langchain4j.data.message.ChatMessage;
import io.agentry.approval.Interruption;
import io.agentry.run.RunId;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run needs: which agent, the user's message, the session's earlier messages, the
 * effective budget, and who it is for.
 *
 * @param history earlier messages of the session, oldest first, without the system prompt: the whole session
 *                or already its window ({@link HistoryWindow#read}); the loop sends the agent's
 *                {@link HistoryWindow} of it, which leaves a window as it is
 * @param stream  call the model in streaming mode so {@code token} events arrive as produced; otherwise
 *                the answer text is reported as one {@code token} event
 * @param resumed the interruption this run continues, with the decisions on its calls; null for none
 */
public record RunInput(RunId runId, AgentDefinition agent, String message, List<ChatMessage> history,
                       Budget budget, String userId, String sessionId, boolean stream, Interruption resumed) {

    /** A run that continues no interruption. */
    public RunInput(RunId runId, AgentDefinition agent, String message, List<ChatMessage> history,
                    Budget budget, String userId, String sessionId, boolean stream) {
        this(runId, agent, message, history, budget, userId, sessionId, stream, null);
    }

    public RunInput {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(message, "message");
        history = history == null ? List.of() : List.copyOf(history);
        budget = budget == null ? agent.budget() : budget;
    }
}
