package io.agentry.server.jdbc;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.RunStore;
import io.agentry.store.RunStoreContract;

class H2RunStoreTest extends RunStoreContract {

    private static final RunStore STORE = new JdbcRunStore(TestDatabases.h2());

    @Override
    protected RunStore store() {
        return STORE;
    }
}
