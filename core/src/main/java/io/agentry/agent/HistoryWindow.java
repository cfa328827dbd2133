package io.agentry.agent;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.model.TokenCounter;
import java.util.List;

/**
 * How much of a session's history is sent to the model: at most the last {@code maxMessages} messages,
 * and at most {@code maxTokens} tokens of them (counted with framing by the model's {@link TokenCounter});
 * null means no limit of that kind. The session itself stays whole in the store; only what is sent is
 * trimmed, and the agent's system prompt is never part of the history, so it is always sent.
 *
 * <p>The window always starts at a user message: a turn (the user's message, the tool calls, their
 * results and the answer) is kept or dropped whole, so the model never sees a tool result without the
 * call that asked for it, nor a call without its results (providers reject both). When even the last turn
 * does not fit, no history is sent.
 */
public record HistoryWindow(Integer maxMessages, Integer maxTokens) {

    public static final HistoryWindow UNLIMITED = new HistoryWindow(null, null);

    public HistoryWindow {
        if (maxMessages != null && maxMessages < 0) {
            throw new IllegalArgumentException("history max messages must not be negative");
        }
        if (maxTokens != null && maxTokens < 0) {
            throw new IllegalArgumentException("history max tokens must not be negative");
        }
    }

    public boolean isUnlimited() {
        return maxMessages == null && maxTokens == null;
    }

    /** The newest whole turns of {@code history} (oldest first) that fit in the window. */
    public List<ChatMessage> apply(List<ChatMessage> history, TokenCounter counter) {
        if (isUnlimited() || history.isEmpty()) {
            return history;
        }
        int size = history.size();
        int messageLimit = maxMessages == null ? size : maxMessages;
        long tokenLimit = maxTokens == null ? Long.MAX_VALUE : maxTokens;
        int start = size;
        long tokens = 0;
        // walk back from the newest message; each time a user message is reached, the turns after it fit
        for (int i = size - 1; i >= 0; i--) {
            if (size - i > messageLimit) {
                break;
            }
            if (maxTokens != null) {
                tokens += counter.countMessage(history.get(i));
                if (tokens > tokenLimit) {
                    break;
                }
            }
            if (history.get(i) instanceof UserMessage) {
                start = i;
            }
        }
        return start == 0 ? history : List.copyOf(history.subList(start, size));
    }
}
