package io.agentry.agent;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.model.TokenCounter;
import java.util.List;
import java.util.function.IntFunction;

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
    /** Messages {@link #read} reads first: a few dozen turns of a tool-using agent. */
    private static final int FIRST_READ = 256;

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
        int start = walk(history, counter).start();
        return start == 0 ? history : List.copyOf(history.subList(start, history.size()));
    }

    /**
     * The window of a session's history, read from its newest messages: {@code newest} gives a session's
     * newest {@code n} messages, oldest first (the session store's bounded read). Returns what {@link #apply}
     * returns for the whole history, reading at most as many messages as the window can hold plus one: every
     * message costs at least {@link TokenCounter#MIN_TOKENS_PER_MESSAGE} tokens, so {@code maxTokens} bounds the
     * count too. A first, smaller read usually holds the whole window (or the whole session) already.
     */
    public List<ChatMessage> read(IntFunction<List<ChatMessage>> newest, TokenCounter counter) {
        if (isUnlimited()) {
            return newest.apply(Integer.MAX_VALUE);
        }
        int reach = reach();
        int first = Math.min(reach, FIRST_READ);
        List<ChatMessage> messages = newest.apply(first);
        if (messages.size() < first || first == reach) {
            return apply(messages, counter);  // the whole session, or all the window can reach
        }
        Walk walk = walk(messages, counter);
        if (walk.stopped()) {
            // a limit ended the walk within these messages: older ones cannot be part of the window
            return walk.start() == 0 ? messages : List.copyOf(messages.subList(walk.start(), messages.size()));
        }
        return apply(newest.apply(reach), counter);
    }

    /** The most messages the window can hold, plus the one that shows where it stops. */
    private int reach() {
        long reach = Integer.MAX_VALUE;
        if (maxMessages != null) {
            reach = Math.min(reach, maxMessages + 1L);
        }
        if (maxTokens != null) {
            reach = Math.min(reach, maxTokens / TokenCounter.MIN_TOKENS_PER_MESSAGE + 1L);
        }
        return (int) reach;
    }

    /**
     * @param start   index of the window's first message ({@code size} when nothing fits)
     * @param stopped whether a limit ended the walk before the oldest of the messages walked
     */
    private record Walk(int start, boolean stopped) {
    }

    /** Walks back from the newest message; each time a user message is reached, the turns after it fit. */
    private Walk walk(List<ChatMessage> history, TokenCounter counter) {
        int size = history.size();
        int messageLimit = maxMessages == null ? size : maxMessages;
        long tokenLimit = maxTokens == null ? Long.MAX_VALUE : maxTokens;
        int start = size;
        long tokens = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (size - i > messageLimit) {
                return new Walk(start, true);
            }
            if (maxTokens != null) {
                tokens += counter.countMessage(history.get(i));
                if (tokens > tokenLimit) {
                    return new Walk(start, true);
                }
            }
            if (history.get(i) instanceof UserMessage) {
                start = i;
            }
        }
        return new Walk(start, false);
    }
}
