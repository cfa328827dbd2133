package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.langgraph.AssistantRecord;
import io.agentry.langgraph.AssistantStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link AssistantStore} on the SQL store (H2 embedded or PostgreSQL; same SQL for both). A new version is numbered
 * inside a transaction that holds the assistant's row ({@code select ... for update}), so concurrent updates in any
 * number of processes get consecutive numbers.
 */
public final class JdbcAssistantStore implements AssistantStore {

    private static final String COLUMNS = "v.assistant_id, a.user_id, v.graph_id, v.version, v.name, v.description, "
            + "v.config, v.context, v.metadata, a.created_at, v.created_at as updated_at";
    private static final String CURRENT = "select " + COLUMNS + " from langgraph_assistants a join langgraph_assistant_versions v "
            + "on v.assistant_id = a.assistant_id and v.version = a.current_version";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JdbcAssistantStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public boolean create(AssistantRecord first) {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                jdbc.sql("insert into langgraph_assistants (assistant_id, user_id, current_version, created_at) values (?, ?, 1, ?)")
                        .params(first.assistantId(), first.userId(), utc(first.createdAt())).update();
                insertVersion(first.asVersion(1, first.updatedAt()));
                return true;
            }));
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<AssistantRecord> find(String assistantId) {
        return jdbc.sql(CURRENT + " where a.assistant_id = ?").param(assistantId).query(JdbcAssistantStore::map).optional();
    }

    @Override
    public Optional<AssistantRecord> addVersion(AssistantRecord next) {
        return tx.execute(status -> {
            Optional<Integer> locked = jdbc.sql("select current_version from langgraph_assistants where assistant_id = ? for update")
                    .param(next.assistantId()).query(Integer.class).optional();
            if (locked.isEmpty()) {
                return Optional.<AssistantRecord>empty();
            }
            int version = jdbc.sql("select max(version) from langgraph_assistant_versions where assistant_id = ?")
                    .param(next.assistantId()).query(Integer.class).single() + 1;
            insertVersion(next.asVersion(version, next.updatedAt()));
            jdbc.sql("update langgraph_assistants set current_version = ? where assistant_id = ?")
                    .params(version, next.assistantId()).update();
            return find(next.assistantId());
        });
    }

    @Override
    public List<AssistantRecord> versions(String assistantId, int offset, int limit) {
        return jdbc.sql("select " + COLUMNS + " from langgraph_assistants a join langgraph_assistant_versions v "
                        + "on v.assistant_id = a.assistant_id where a.assistant_id = ? order by v.version desc limit ? offset ?")
                .params(assistantId, limit, offset).query(JdbcAssistantStore::map).list();
    }

    @Override
    public Optional<AssistantRecord> setCurrent(String assistantId, int version) {
        int moved = jdbc.sql("update langgraph_assistants set current_version = ? where assistant_id = ? and exists "
                        + "(select 1 from langgraph_assistant_versions v where v.assistant_id = ? and v.version = ?)")
                .params(version, assistantId, assistantId, version).update();
        return moved == 1 ? find(assistantId) : Optional.empty();
    }

    @Override
    public boolean delete(String assistantId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.sql("delete from langgraph_assistant_versions where assistant_id = ?").param(assistantId).update();
            return jdbc.sql("delete from langgraph_assistants where assistant_id = ?").param(assistantId).update() == 1;
        }));
    }

    @Override
    public List<AssistantRecord> list(String userId, int offset, int limit) {
        return jdbc.sql(CURRENT + " where a.user_id = ? order by a.user_id desc, a.created_at desc, a.assistant_id desc "
                        + "limit ? offset ?")
                .params(userId, limit, offset).query(JdbcAssistantStore::map).list();
    }

    @Override
    public int deleteUser(String userId) {
        Integer deleted = tx.execute(status -> {
            jdbc.sql("delete from langgraph_assistant_versions where assistant_id in "
                    + "(select assistant_id from langgraph_assistants where user_id = ?)").param(userId).update();
            return jdbc.sql("delete from langgraph_assistants where user_id = ?").param(userId).update();
        });
        return deleted == null ? 0 : deleted;
    }

    private void insertVersion(AssistantRecord v) {
        jdbc.sql("insert into langgraph_assistant_versions (assistant_id, version, graph_id, name, description, config, "
                        + "context, metadata, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(v.assistantId(), v.version(), v.graphId(), v.name(), v.description(), v.configJson(), v.contextJson(),
                        v.metadataJson(), utc(v.updatedAt()))
                .update();
    }

    private static AssistantRecord map(ResultSet rs, int row) throws SQLException {
        return new AssistantRecord(rs.getString("assistant_id"), rs.getString("user_id"), rs.getString("graph_id"),
                rs.getInt("version"), rs.getString("name"), rs.getString("description"), rs.getString("config"),
                rs.getString("context"), rs.getString("metadata"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
