package io.agentry.server.jdbc;

import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskQueueContract;
import io.agentry.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresTaskQueueTest extends TaskQueueContract {

    private static TestDatabases.PostgresDatabase db;
    private static TaskQueue queue;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        queue = new JdbcTaskQueue(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected TaskQueue queue() {
        return queue;
    }

    @Override
    protected void emptyQueue() {
        JdbcClient.create(db.dataSource()).sql("delete from tasks").update();
    }
}
