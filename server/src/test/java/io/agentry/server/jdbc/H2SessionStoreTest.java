package io.agentry.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.SessionStore;
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
}
