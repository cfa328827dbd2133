package io.agentry.langgraph;

class InMemoryThreadStoreTest extends ThreadStoreContract {

    private InMemoryThreadStore store = new InMemoryThreadStore();

    @Override
    protected ThreadStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        store = new InMemoryThreadStore();
    }
}
