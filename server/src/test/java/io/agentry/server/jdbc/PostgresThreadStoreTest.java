package io.agentry.server.jdbc;

import io.agentry.langgraph.ThreadStore;
import io.agentry.langgraph.ThreadStoreContract;
import io.agentry.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresThreadStoreTest extends ThreadStoreContract {

    private static TestDatabases.PostgresDatabase db;
    private static ThreadStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        store = new JdbcThreadStore(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected ThreadStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(db.dataSource()).sql("delete from langgraph_runs").update();
        JdbcClient.create(db.dataSource()).sql("delete from langgraph_crons").update();
        JdbcClient.create(db.dataSource()).sql("delete from langgraph_threads").update();
    }
}
