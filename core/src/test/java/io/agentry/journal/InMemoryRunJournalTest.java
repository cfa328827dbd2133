package io.agentry.journal;

import io.agentry.queue.InMemoryTaskQueue;
import io.agentry.queue.TaskQueue;

class InMemoryRunJournalTest extends RunJournalContract {

    private final InMemoryTaskQueue queue = new InMemoryTaskQueue();
    private final InMemoryRunJournal journal = new InMemoryRunJournal(queue);

    @Override
    protected RunJournal journal() {
        return journal;
    }

    @Override
    protected TaskQueue queue() {
        return queue;
    }
}
