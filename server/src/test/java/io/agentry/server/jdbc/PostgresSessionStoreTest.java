package io.agentry.server.jdbc;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.SessionStore;
import io.agentry.store.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresSessionStoreTest extends SessionStoreContract {

    private static TestDatabases.PostgresDatabase db;
    private static SessionStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        store = new JdbcSessionStore(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected SessionStore store() {
        return store;
    }
}
