package io.agentry.server.jdbc;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import io.agentry.store.HistoryPage;
import io.agentry.store.SessionInfo;
import io.agentry.store.SessionMessage;
import io.agentry.store.SessionOwnedByAnotherUserException;
import io.agentry.store.SessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SessionStore} on the SQL store. Messages are LangChain4j's own JSON, one row each. An append is one
 * transaction that creates or locks its session row, so concurrent appends to one session never interleave;
 * appending to a new session costs one insert of the session and one batch of messages.
 */
public final class JdbcSessionStore implements SessionStore {

    /**
     * A session's messages before an id, newest first through the (session_id, id) index, so that a limit reads
     * only what it returns: H2 walks the index backwards only when the order names all of its columns (with
     * {@code order by id desc} it reads the whole session and sorts it).
     */
    static final String NEWEST_FIRST = """
            select id, message from session_messages where session_id = ? and id < ?
            order by session_id desc, id desc limit ?""";

    /** A session with its message count, counted through the (session_id, id) index: listings show a page at most. */
    private static final String INFO = "select s.session_id, s.user_id, s.created_at, s.updated_at, "
            + "(select count(*) from session_messages m where m.session_id = s.session_id) as message_count from sessions s";
    /**
     * After a listing position, newest first: earlier creation, or the same creation and a smaller id. The first
     * condition alone bounds the index range, so a page deep in a long listing starts where it should instead of
     * reading every newer session first.
     */
    private static final String AFTER = " and s.created_at <= ? and (s.created_at < ? or s.session_id < ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate tx;

    public JdbcSessionStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batches = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Positions are the messages' ids, which grow in commit order within a session (its row is locked to append). */
    @Override
    public HistoryPage historyBefore(String sessionId, String userId, long before, int limit) {
        Optional<String> owner = owner(sessionId, false);
        if (owner.isEmpty()) {
            return new HistoryPage(List.of(), 0);
        }
        requireOwner(sessionId, owner.get(), userId);
        if (limit <= 0) {
            return new HistoryPage(List.of(), before);
        }
        record Row(long id, ChatMessage message) {
        }
        List<Row> newestFirst = jdbc.sql(NEWEST_FIRST)
                .params(sessionId, before, limit)
                .query((rs, row) -> new Row(rs.getLong(1), ChatMessageDeserializer.messageFromJson(rs.getString(2))))
                .list();
        if (newestFirst.isEmpty()) {
            return new HistoryPage(List.of(), 0);
        }
        return new HistoryPage(newestFirst.reversed().stream().map(Row::message).toList(), newestFirst.getLast().id());
    }

    @Override
    public void append(String sessionId, String userId, List<ChatMessage> messages) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            rows.add(new Object[] {sessionId, ChatMessageSerializer.messageToJson(message), now});
        }
        tx.executeWithoutResult(status -> {
            // a new session is ours; an existing one is locked until we commit, and must be ours
            int created = jdbc.sql("insert into sessions (session_id, user_id, created_at, updated_at) values (?, ?, ?, ?)"
                            + " on conflict do nothing")
                    .params(sessionId, userId, now, now).update();
            if (created == 0) {
                String owner = owner(sessionId, true).orElseThrow();
                requireOwner(sessionId, owner, userId);
                jdbc.sql("update sessions set updated_at = ? where session_id = ?").params(now, sessionId).update();
            }
            batches.batchUpdate("insert into session_messages (session_id, message, created_at) values (?, ?, ?)", rows);
        });
    }

    @Override
    public Optional<SessionInfo> find(String sessionId) {
        return jdbc.sql(INFO + " where s.session_id = ?").param(sessionId).query(JdbcSessionStore::info).optional();
    }

    @Override
    public List<SessionInfo> list(String userId, SessionInfo.Position after, int limit) {
        List<Object> params = new ArrayList<>();
        if (userId != null) {
            params.add(userId);
        }
        if (after != null) {
            params.addAll(List.of(SqlValues.utc(after.createdAt()), SqlValues.utc(after.createdAt()), after.sessionId()));
        }
        params.add(limit);
        return jdbc.sql(listSql(userId != null, after != null)).params(params).query(JdbcSessionStore::info).list();
    }

    /**
     * A page of sessions through the (user_id, created_at, session_id) index, or (created_at, session_id) for every
     * user; the order names the whole index, as H2 walks one backwards only then (and reads only the page).
     * Parameters: the user (if {@code oneUser}), the position's time twice and its id (if {@code afterPosition}),
     * the limit.
     */
    static String listSql(boolean oneUser, boolean afterPosition) {
        return INFO + (oneUser ? " where s.user_id = ?" : " where 1 = 1") + (afterPosition ? AFTER : "")
                + (oneUser ? " order by s.user_id desc, s.created_at desc, s.session_id desc"
                : " order by s.created_at desc, s.session_id desc") + " limit ?";
    }

    @Override
    public List<SessionMessage> messages(String sessionId, long from, boolean newestFirst, int limit) {
        String sql = newestFirst
                ? "select id, message, created_at from session_messages where session_id = ? and id < ? "
                        + "order by session_id desc, id desc limit ?"
                : "select id, message, created_at from session_messages where session_id = ? and id > ? "
                        + "order by session_id, id limit ?";
        return jdbc.sql(sql).params(sessionId, from, limit)
                .query((rs, row) -> new SessionMessage(rs.getLong(1), ChatMessageDeserializer.messageFromJson(rs.getString(2)),
                        SqlValues.instant(rs, 3)))
                .list();
    }

    /** Its messages go with it (on delete cascade). */
    @Override
    public boolean delete(String sessionId) {
        return jdbc.sql("delete from sessions where session_id = ?").param(sessionId).update() > 0;
    }

    /** One transaction: the messages first (to count them), then the sessions, through the (user_id, ...) index. */
    @Override
    public Erased deleteUser(String userId) {
        return tx.execute(status -> {
            int messages = jdbc.sql("delete from session_messages where session_id in "
                    + "(select session_id from sessions where user_id = ?)").param(userId).update();
            int sessions = jdbc.sql("delete from sessions where user_id = ?").param(userId).update();
            return new Erased(sessions, messages);
        });
    }

    private static SessionInfo info(ResultSet rs, int row) throws SQLException {
        return new SessionInfo(rs.getString("session_id"), rs.getString("user_id"), SqlValues.instant(rs, "created_at"),
                SqlValues.instant(rs, "updated_at"), rs.getLong("message_count"));
    }

    private Optional<String> owner(String sessionId, boolean lock) {
        return jdbc.sql("select user_id from sessions where session_id = ?" + (lock ? " for update" : ""))
                .param(sessionId).query(String.class).optional();
    }

    private static void requireOwner(String sessionId, String owner, String userId) {
        if (!owner.equals(userId)) {
            throw new SessionOwnedByAnotherUserException(sessionId);
        }
    }
}
