package io.agentry.server.jdbc;

import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskQueueContract;
import io.agentry.server.testing.TestDatabases;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2TaskQueueTest extends TaskQueueContract {

    private static final DataSource DB = TestDatabases.h2();
    private static final TaskQueue QUEUE = new JdbcTaskQueue(DB);

    @Override
    protected TaskQueue queue() {
        return QUEUE;
    }

    @Override
    protected void emptyQueue() {
        JdbcClient.create(DB).sql("delete from tasks").update();
    }
}
