package io.agentry.server.jdbc;

import io.agentry.memory.MemoryStore;
import io.agentry.memory.MemoryStoreContract;
import io.agentry.server.testing.TestDatabases;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2MemoryStoreTest extends MemoryStoreContract {

    private static final DataSource DB = TestDatabases.h2();
    private static final MemoryStore STORE = new JdbcMemoryStore(DB);

    @Override
    protected MemoryStore store() {
        return STORE;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(DB).sql("delete from memories").update();
    }
}
