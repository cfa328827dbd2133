package io.agentry.server.jdbc;

import io.agentry.schedule.ScheduleStore;
import io.agentry.schedule.ScheduleStoreContract;
import io.agentry.server.testing.TestDatabases;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2ScheduleStoreTest extends ScheduleStoreContract {

    private static final DataSource DB = TestDatabases.h2();
    private static final ScheduleStore STORE = new JdbcScheduleStore(DB);

    @Override
    protected ScheduleStore store() {
        return STORE;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(DB).sql("delete from schedules").update();
    }
}
