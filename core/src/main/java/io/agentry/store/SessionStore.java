package io.agentry.store;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/**
 * Conversation history per session. A session belongs to the user who started it; no other user can
 * read or extend it. History is kept whole; what is sent to the model may be trimmed elsewhere.
 * Implementations must be safe for concurrent use; concurrent appends to one session are kept in
 * commit order.
 */
public interface SessionStore {

    /**
     * The session's messages, oldest first; empty for a session that does not exist yet.
     *
     * @throws SessionOwnedByAnotherUserException when the session exists and belongs to someone else
     */
    default List<ChatMessage> history(String sessionId, String userId) {
        return history(sessionId, userId, Integer.MAX_VALUE);
    }

    /**
     * The session's newest {@code limit} messages, oldest first; costs what it returns, not the whole session
     * (a long conversation whose model sees only a window of it).
     *
     * @throws SessionOwnedByAnotherUserException when the session exists and belongs to someone else
     */
    List<ChatMessage> history(String sessionId, String userId, int limit);

    /**
     * Appends messages, creating the session for {@code userId} if it does not exist.
     *
     * @throws SessionOwnedByAnotherUserException when the session belongs to someone else
     */
    void append(String sessionId, String userId, List<ChatMessage> messages);
}
