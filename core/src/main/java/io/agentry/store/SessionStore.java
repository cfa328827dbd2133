package io.agentry.store;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import java.util.Optional;
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

    /** What {@link #deleteUser} removed. */
    record Erased(int sessions, long messages) {
    }

    /** The session, whoever owns it (callers decide who may see it); empty when there is none. */
    Optional<SessionInfo> find(String sessionId);

    /**
     * Sessions newest first ({@link SessionInfo.Position} order: created, then id, both descending) that come
     * after {@code after} (null for the first page), at most {@code limit}.
     *
     * @param userId only this user's sessions; null for every user's
     */
    List<SessionInfo> list(String userId, SessionInfo.Position after, int limit);

    /**
     * Up to {@code limit} of the session's messages in id order: oldest first from the first message with an id
     * greater than {@code from} ({@code 0} for the very first), or, with {@code newestFirst}, newest first from the
     * last message with an id smaller than {@code from} ({@link #NEWEST} for the very last). Empty for a session
     * that does not exist. Callers check who may read it ({@link #find}).
     */
    List<SessionMessage> messages(String sessionId, long from, boolean newestFirst, int limit);

    /** Deletes the session and its messages; false when there was none. */
    boolean delete(String sessionId);

    /** Deletes every session of the user, with their messages. */
    Erased deleteUser(String userId);
}
