package io.agentry.queue;

class InMemoryTaskQueueTest extends TaskQueueContract {

    private InMemoryTaskQueue queue = new InMemoryTaskQueue();

    @Override
    protected TaskQueue queue() {
        return queue;
    }

    @Override
    protected void emptyQueue() {
        queue = new InMemoryTaskQueue();
    }
}
