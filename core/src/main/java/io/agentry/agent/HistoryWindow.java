package io.agentry.agent;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.model.TokenCounter;
import java.util.ArrayList;
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
    /** The messages {@link #read} asks for first: a few dozen turns of a tool-using agent. */
    private static final int FIRST_PAGE = 64;

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
        Walk walk = new Walk(counter);
        int i = history.size() - 1;
        while (i >= 0 && walk.takes(history.get(i))) {
            i--;
        }
        int start = history.size() - walk.kept;
        return start == 0 ? history : List.copyOf(history.subList(start, history.size()));
    }

    /**
     * What {@link #apply} gives for a whole session, read from its newest message back and only as far as the
     * window reaches: {@code older} gives the {@code n} messages (oldest first) that precede those it gave
     * before, fewer once the session's first message is reached ({@code SessionStore.backwards}). Pages grow
     * fourfold from {@value #FIRST_PAGE} messages, so a long session costs about what its window holds, and a
     * page never reaches past the most messages the window can hold (every message costs at least
     * {@link TokenCounter#TOKENS_PER_MESSAGE} tokens, so a token limit bounds the count too).
     */
    public List<ChatMessage> read(IntFunction<List<ChatMessage>> older, TokenCounter counter) {
        if (isUnlimited()) {
            return older.apply(Integer.MAX_VALUE);
        }
        Walk walk = new Walk(counter);
        List<ChatMessage> newestFirst = new ArrayList<>();
        int page = FIRST_PAGE;
        long reach = reach();
        reading:
        while (newestFirst.size() < reach) {
            int asked = (int) Math.min(page, reach - newestFirst.size());
            List<ChatMessage> messages = older.apply(asked);
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (!walk.takes(messages.get(i))) {
                    break reading;
                }
                newestFirst.add(messages.get(i));
            }
            if (messages.size() < asked) {
                break;  // the session's first message was reached
            }
            page = (int) Math.min(Integer.MAX_VALUE, page * 4L);
        }
        return newestFirst.subList(0, walk.kept).reversed().stream().toList();
    }

    /** The most messages the window can hold, plus the one that shows where it stops. */
    private long reach() {
        long reach = Long.MAX_VALUE;
        if (maxMessages != null) {
            reach = Math.min(reach, maxMessages + 1L);
        }
        if (maxTokens != null) {
            reach = Math.min(reach, maxTokens / TokenCounter.TOKENS_PER_MESSAGE + 1L);
        }
        return reach;
    }

    /**
     * A walk back from the newest message: takes messages while they fit; {@code kept} counts those up to the
     * oldest user message taken, so the window starts at a turn's beginning.
     */
    private final class Walk {
        private final TokenCounter counter;
        private int taken;
        private long tokens;
        private int kept;

        Walk(TokenCounter counter) {
            this.counter = counter;
        }

        boolean takes(ChatMessage message) {
            if (maxMessages != null && taken + 1 > maxMessages) {
                return false;
            }
            if (maxTokens != null) {
                tokens += counter.countMessage(message);
                if (tokens > maxTokens) {
                    return false;
                }
            }
            taken++;
            if (message instanceof UserMessage) {
                kept = taken;
            }
            return true;
        }
    }
}
