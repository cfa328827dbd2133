package io.agentry.server.jdbc;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.RunStore;
import io.agentry.store.UsageLedger;
import io.agentry.store.UsageLedgerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresUsageLedgerTest extends UsageLedgerContract {

    private static TestDatabases.PostgresDatabase db;
    private static RunStore store;
    private static UsageLedger ledger;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        store = new JdbcRunStore(db.dataSource());
        ledger = new JdbcUsageLedger(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected RunStore store() {
        return store;
    }

    @Override
    protected UsageLedger ledger() {
        return ledger;
    }
}
