package io.agentry.server.jdbc;

import io.agentry.server.testing.TestDatabases;
import io.agentry.store.RunStore;
import io.agentry.store.UsageLedger;
import io.agentry.store.UsageLedgerContract;
import javax.sql.DataSource;

class H2UsageLedgerTest extends UsageLedgerContract {

    private static final DataSource DB = TestDatabases.h2();
    private static final RunStore STORE = new JdbcRunStore(DB);
    private static final UsageLedger LEDGER = new JdbcUsageLedger(DB);

    @Override
    protected RunStore store() {
        return STORE;
    }

    @Override
    protected UsageLedger ledger() {
        return LEDGER;
    }
}
