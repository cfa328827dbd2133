package io.agentry.server.jdbc;

import io.agentry.schedule.ScheduleStore;
import io.agentry.schedule.ScheduleStoreContract;
import io.agentry.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresScheduleStoreTest extends ScheduleStoreContract {

    private static TestDatabases.PostgresDatabase db;
    private static ScheduleStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        store = new JdbcScheduleStore(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected ScheduleStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(db.dataSource()).sql("delete from schedules").update();
    }
}
