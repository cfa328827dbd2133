package io.agentry.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.SessionInfo;
import io.agentry.store.SessionStore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.agentry.store.SessionStoreContract;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2SessionStoreTest extends SessionStoreContract {

    private static final DataSource DATA_SOURCE = TestDatabases.h2();
    private static final SessionStore STORE = new JdbcSessionStore(DATA_SOURCE);

    @Override
    protected SessionStore store() {
        return STORE;
    }

    /** What makes a run in a long session cheap: H2 reads a page of its history, not the whole of it. */
    @Test
    void aPageOfALongSessionIsReadThroughTheIndexWithoutScanningTheRest() {
        String session = UUID.randomUUID().toString();
        STORE.append(session, "alice", conversation(500));

        String plan = JdbcClient.create(DATA_SOURCE).sql("explain analyze " + JdbcSessionStore.NEWEST_FIRST)
                .params(session, Long.MAX_VALUE, 64).query(String.class).single();

        assertThat(plan).contains("/* index sorted */").contains("scanCount: 64 */");
    }

    /**
     * A page of a user's sessions, or of everyone's, from the start or from a position deep in the listing: read
     * through an index from where the page starts, not sorted, and not from the newest session on.
     */
    @Test
    void aPageOfSessionsIsReadThroughAnIndexFromItsPositionWithoutScanningTheRest() {
        String user = "lister-" + UUID.randomUUID();
        for (int i = 0; i < 200; i++) {
            STORE.append(UUID.randomUUID().toString(), i % 2 == 0 ? user : "someone-else", conversation(1));
        }
        SessionInfo.Position middle = STORE.list(user, null, 50).getLast().position();
        JdbcClient jdbc = JdbcClient.create(DATA_SOURCE);
        OffsetDateTime at = middle.createdAt().atOffset(ZoneOffset.UTC);

        String mine = jdbc.sql("explain analyze " + JdbcSessionStore.listSql(true, true))
                .params(user, at, at, middle.sessionId(), 10).query(String.class).single();
        String everyone = jdbc.sql("explain analyze " + JdbcSessionStore.listSql(false, true))
                .params(at, at, middle.sessionId(), 10).query(String.class).single();
        String first = jdbc.sql("explain analyze " + JdbcSessionStore.listSql(false, false))
                .params(10).query(String.class).single();

        assertThat(mine).contains("sessions_user_created: user_id = ?1").contains("created_at <= ?2")
                .contains("/* index sorted */").containsPattern("scanCount: 1[01] \\*/\\s+WHERE");
        assertThat(everyone).contains("sessions_created: created_at <= ?1").contains("/* index sorted */")
                .containsPattern("scanCount: 1[01] \\*/\\s+WHERE");
        assertThat(first).contains("sessions_created").contains("/* index sorted */").contains("scanCount: 10 */");
    }
}
