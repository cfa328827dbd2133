package io.agentry.memory;

class InMemoryMemoryStoreTest extends MemoryStoreContract {

    private InMemoryMemoryStore store = new InMemoryMemoryStore();

    @Override
    protected MemoryStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        store = new InMemoryMemoryStore();
    }
}
