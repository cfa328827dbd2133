package io.agentry.server.jdbc;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.SessionStore;
import io.agentry.store.SessionStoreContract;

class H2SessionStoreTest extends SessionStoreContract {

    private static final SessionStore STORE = new JdbcSessionStore(TestDatabases.h2());

    @Override
    protected SessionStore store() {
        return STORE;
    }
}
