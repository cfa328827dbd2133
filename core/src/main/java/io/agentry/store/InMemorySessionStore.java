package io.agentry.store;

import dev.langchain4j.data.message.ChatMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link SessionStore} in a map: for tests and benchmarks; forgets everything on restart. */
public final class InMemorySessionStore implements SessionStore {

    /** Newest first, as {@link SessionStore#list} orders them. */
    private static final Comparator<SessionInfo.Position> NEWEST_FIRST = Comparator
            .comparing(SessionInfo.Position::createdAt).thenComparing(SessionInfo.Position::sessionId).reversed();

    /** A session's messages, guarded by the session itself. */
    private static final class Session {
        final String userId;
        final Instant createdAt;
        Instant updatedAt;
        final List<SessionMessage> messages = new ArrayList<>();

        Session(String userId, Instant createdAt) {
            this.userId = userId;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        synchronized SessionInfo info(String sessionId) {
            return new SessionInfo(sessionId, userId, createdAt, updatedAt, messages.size());
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Message ids, unique in the store and growing in append order, as a SQL identity column gives them. */
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    public InMemorySessionStore() {
        this(Clock.systemUTC());
    }

    public InMemorySessionStore(Clock clock) {
        this.clock = clock;
    }

    /** Positions are message ids, as in {@link #messages}. */
    @Override
    public HistoryPage historyBefore(String sessionId, String userId, long before, int limit) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return new HistoryPage(List.of(), 0);
        }
        checkOwner(sessionId, session, userId);
        if (limit <= 0) {
            return new HistoryPage(List.of(), before);
        }
        List<SessionMessage> newestFirst = messages(session, before, true, limit);
        if (newestFirst.isEmpty()) {
            return new HistoryPage(List.of(), 0);
        }
        return new HistoryPage(newestFirst.reversed().stream().map(SessionMessage::message).toList(),
                newestFirst.getLast().id());
    }

    @Override
    public void append(String sessionId, String userId, List<ChatMessage> messages) {
        // the store's precision is that of the SQL columns, so that times read back compare alike everywhere
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // under the map's lock for this id, so that a concurrent delete removes the session before or after, whole
        sessions.compute(sessionId, (id, existing) -> {
            Session session = existing != null ? existing : new Session(userId, now);
            checkOwner(sessionId, session, userId);
            synchronized (session) {
                for (ChatMessage message : messages) {
                    session.messages.add(new SessionMessage(ids.incrementAndGet(), message, now));
                }
                session.updatedAt = now;
            }
            return session;
        });
    }

    @Override
    public Optional<SessionInfo> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId)).map(s -> s.info(sessionId));
    }

    @Override
    public List<SessionInfo> list(String userId, SessionInfo.Position after, int limit) {
        return sessions.entrySet().stream()
                .filter(e -> userId == null || e.getValue().userId.equals(userId))
                .map(e -> e.getValue().info(e.getKey()))
                .filter(s -> after == null || NEWEST_FIRST.compare(s.position(), after) > 0)
                .sorted(Comparator.comparing(SessionInfo::position, NEWEST_FIRST))
                .limit(Math.max(limit, 0))
                .toList();
    }

    @Override
    public List<SessionMessage> messages(String sessionId, long from, boolean newestFirst, int limit) {
        Session session = sessions.get(sessionId);
        return session == null ? List.of() : messages(session, from, newestFirst, limit);
    }

    private static List<SessionMessage> messages(Session session, long from, boolean newestFirst, int limit) {
        List<SessionMessage> page = new ArrayList<>();
        synchronized (session) {
            List<SessionMessage> all = newestFirst ? session.messages.reversed() : session.messages;
            for (SessionMessage message : all) {
                if (page.size() >= limit) {
                    break;
                }
                if (newestFirst ? message.id() < from : message.id() > from) {
                    page.add(message);
                }
            }
        }
        return page;
    }

    @Override
    public boolean delete(String sessionId) {
        return sessions.remove(sessionId) != null;
    }

    @Override
    public Erased deleteUser(String userId) {
        int deletedSessions = 0;
        long deletedMessages = 0;
        for (Map.Entry<String, Session> entry : sessions.entrySet()) {
            Session session = entry.getValue();
            if (session.userId.equals(userId) && sessions.remove(entry.getKey(), session)) {
                deletedSessions++;
                synchronized (session) {
                    deletedMessages += session.messages.size();
                }
            }
        }
        return new Erased(deletedSessions, deletedMessages);
    }

    private static void checkOwner(String sessionId, Session session, String userId) {
        if (!session.userId.equals(userId)) {
            throw new SessionOwnedByAnotherUserException(sessionId);
        }
    }
}
