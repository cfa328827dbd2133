package io.agentry.schedule;

class InMemoryScheduleStoreTest extends ScheduleStoreContract {

    private InMemoryScheduleStore store = new InMemoryScheduleStore();

    @Override
    protected ScheduleStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        store = new InMemoryScheduleStore();
    }
}
