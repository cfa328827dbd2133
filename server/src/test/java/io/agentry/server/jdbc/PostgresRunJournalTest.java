package io.agentry.server.jdbc;

import io.agentry.journal.RunJournal;
import io.agentry.journal.RunJournalContract;
import io.agentry.queue.TaskQueue;
import io.agentry.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresRunJournalTest extends RunJournalContract {

    private static TestDatabases.PostgresDatabase db;
    private static RunJournal journal;
    private static TaskQueue queue;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        journal = new JdbcRunJournal(db.dataSource());
        queue = new JdbcTaskQueue(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected RunJournal journal() {
        return journal;
    }

    @Override
    protected TaskQueue queue() {
        return queue;
    }
}
