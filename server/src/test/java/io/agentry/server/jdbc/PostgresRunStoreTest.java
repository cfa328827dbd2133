package io.agentry.server.jdbc;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.RunStore;
import io.agentry.store.RunStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresRunStoreTest extends RunStoreContract {

    private static TestDatabases.PostgresDatabase db;
    private static RunStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        store = new JdbcRunStore(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected RunStore store() {
        return store;
    }
}
