package io.agentry.store;

import dev.langchain4j.data.message.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SessionStore} in a map: for tests and benchmarks; forgets everything on restart. */
public final class InMemorySessionStore implements SessionStore {

    private record Session(String userId, List<ChatMessage> messages) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** Positions are indexes in the session's list: messages are only ever added at its end. */
    @Override
    public HistoryPage historyBefore(String sessionId, String userId, long before, int limit) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return new HistoryPage(List.of(), 0);
        }
        checkOwner(sessionId, session, userId);
        synchronized (session) {
            List<ChatMessage> all = session.messages();
            int end = (int) Math.min(Math.max(before, 0), all.size());
            int start = Math.max(0, end - Math.max(0, limit));
            return new HistoryPage(all.subList(start, end), start);
        }
    }

    @Override
    public void append(String sessionId, String userId, List<ChatMessage> messages) {
        Session session = sessions.computeIfAbsent(sessionId, id -> new Session(userId, new ArrayList<>()));
        checkOwner(sessionId, session, userId);
        synchronized (session) {
            session.messages().addAll(messages);
        }
    }

    private static void checkOwner(String sessionId, Session session, String userId) {
        if (!session.userId().equals(userId)) {
            throw new SessionOwnedByAnotherUserException(sessionId);
        }
    }
}
