package io.agentry.server.jdbc;

import io.agentry.langgraph.ThreadStore;
import io.agentry.langgraph.ThreadStoreContract;
import io.agentry.server.testing.TestDatabases;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2ThreadStoreTest extends ThreadStoreContract {

    private static final DataSource DB = TestDatabases.h2();
    private static final ThreadStore STORE = new JdbcThreadStore(DB);

    @Override
    protected ThreadStore store() {
        return STORE;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(DB).sql("delete from langgraph_runs").update();
        JdbcClient.create(DB).sql("delete from langgraph_crons").update();
        JdbcClient.create(DB).sql("delete from langgraph_threads").update();
    }
}
