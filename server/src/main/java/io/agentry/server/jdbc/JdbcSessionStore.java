package io.agentry.server.jdbc;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import io.agentry.store.SessionOwnedByAnotherUserException;
import io.agentry.store.SessionStore;
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

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate tx;

    public JdbcSessionStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batches = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public List<ChatMessage> history(String sessionId, String userId, int limit) {
        Optional<String> owner = owner(sessionId, false);
        if (owner.isEmpty() || limit <= 0) {
            owner.ifPresent(o -> requireOwner(sessionId, o, userId));
            return List.of();
        }
        requireOwner(sessionId, owner.get(), userId);
        // newest first through the (session_id, id) index, so that a limit reads only what it returns
        List<ChatMessage> newestFirst = jdbc.sql("select message from session_messages where session_id = ? order by id desc limit ?")
                .params(sessionId, limit)
                .query((rs, row) -> ChatMessageDeserializer.messageFromJson(rs.getString(1)))
                .list();
        return newestFirst.reversed();
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
