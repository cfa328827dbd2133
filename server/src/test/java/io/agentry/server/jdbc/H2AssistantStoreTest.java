package io.agentry.server.jdbc;

import io.agentry.langgraph.AssistantStore;
import io.agentry.langgraph.AssistantStoreContract;
import io.agentry.server.testing.TestDatabases;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2AssistantStoreTest extends AssistantStoreContract {

    private static final DataSource DB = TestDatabases.h2();
    private static final AssistantStore STORE = new JdbcAssistantStore(DB);

    @Override
    protected AssistantStore store() {
        return STORE;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(DB).sql("delete from langgraph_assistant_versions").update();
        JdbcClient.create(DB).sql("delete from langgraph_assistants").update();
    }
}
