package io.agentry.store;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Conversation history per session. A session belongs to the user who started it; no other user can
 * read or extend it. History is kept whole; what is sent to the model may be trimmed elsewhere.
 * Implementations must be safe for concurrent use; concurrent appends to one session are kept in
 * commit order.
 */
public interface SessionStore {

    /** {@link #historyBefore} from here starts at the newest message. */
    long NEWEST = Long.MAX_VALUE;

    /**
     * The newest {@code limit} of the session's messages that precede {@code before} ({@link #NEWEST} for the
     * newest of all), and where to go on from; reads only what it returns, so that a caller that needs the end
     * of a long conversation (a history window) reads only that. Pages read one after the other never repeat
     * or skip a message, even while messages are appended.
     *
     * @throws SessionOwnedByAnotherUserException when the session exists and belongs to someone else
     */
    HistoryPage historyBefore(String sessionId, String userId, long before, int limit);

    /**
     * The session read backwards: each call of the function gives the {@code n} messages (oldest first) that
     * precede those it gave before, fewer once the first message is reached. For {@code HistoryWindow.read}.
     */
    default IntFunction<List<ChatMessage>> backwards(String sessionId, String userId) {
        long[] before = {NEWEST};
        return n -> {
            HistoryPage page = historyBefore(sessionId, userId, before[0], n);
            before[0] = page.before();
            return page.messages();
        };
    }

    /**
     * Appends messages, creating the session for {@code userId} if it does not exist.
     *
     * @throws SessionOwnedByAnotherUserException when the session belongs to someone else
     */
    void append(String sessionId, String userId, List<ChatMessage> messages);
}
