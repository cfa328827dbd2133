package io.agentry.server.jdbc;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import io.agentry.store.SessionOwnedByAnotherUserException;
import io.agentry.store.SessionStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SessionStore} on the SQL store. Messages are LangChain4j's own JSON, one row each. An append
 * locks its session row, so concurrent appends to one session never interleave.
 */
public final class JdbcSessionStore implements SessionStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JdbcSessionStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public List<ChatMessage> history(String sessionId, String userId) {
        Optional<String> owner = owner(sessionId, false);
        if (owner.isEmpty()) {
            return List.of();
        }
        requireOwner(sessionId, owner.get(), userId);
        return jdbc.sql("select message from session_messages where session_id = ? order by id")
                .param(sessionId)
                .query((rs, row) -> ChatMessageDeserializer.messageFromJson(rs.getString(1)))
                .list();
    }

    @Override
    public void append(String sessionId, String userId, List<ChatMessage> messages) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (owner(sessionId, false).isEmpty()) {
            try {
                jdbc.sql("insert into sessions (session_id, user_id, created_at, updated_at) values (?, ?, ?, ?)")
                        .params(sessionId, userId, now, now).update();
            } catch (DuplicateKeyException raced) {
                // another run created it first; the ownership check below decides
            }
        }
        tx.executeWithoutResult(status -> {
            String owner = owner(sessionId, true).orElseThrow();
            requireOwner(sessionId, owner, userId);
            for (ChatMessage message : messages) {
                jdbc.sql("insert into session_messages (session_id, message, created_at) values (?, ?, ?)")
                        .params(sessionId, ChatMessageSerializer.messageToJson(message), now).update();
            }
            jdbc.sql("update sessions set updated_at = ? where session_id = ?").params(now, sessionId).update();
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
