package io.agentry.server.jdbc;

import io.agentry.journal.RunJournal;
import io.agentry.journal.RunJournalContract;
import io.agentry.queue.TaskQueue;
import io.agentry.server.testing.TestDatabases;
import javax.sql.DataSource;

class H2RunJournalTest extends RunJournalContract {

    private static final DataSource DATA_SOURCE = TestDatabases.h2();
    private static final RunJournal JOURNAL = new JdbcRunJournal(DATA_SOURCE);
    private static final TaskQueue QUEUE = new JdbcTaskQueue(DATA_SOURCE);

    @Override
    protected RunJournal journal() {
        return JOURNAL;
    }

    @Override
    protected TaskQueue queue() {
        return QUEUE;
    }
}
