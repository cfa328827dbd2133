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

    @Override
    public List<ChatMessage> history(String sessionId, String userId, int limit) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return List.of();
        }
        checkOwner(sessionId, session, userId);
        synchronized (session) {
            List<ChatMessage> all = session.messages();
            return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size()));
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
