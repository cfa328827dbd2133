package io.agentry.server.jdbc;

import io.agentry.langgraph.AssistantStore;
import io.agentry.langgraph.AssistantStoreContract;
import io.agentry.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresAssistantStoreTest extends AssistantStoreContract {

    private static TestDatabases.PostgresDatabase db;
    private static AssistantStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        store = new JdbcAssistantStore(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected AssistantStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(db.dataSource()).sql("delete from langgraph_assistant_versions").update();
        JdbcClient.create(db.dataSource()).sql("delete from langgraph_assistants").update();
    }
}
