package io.agentry.store;

class InMemoryRunStoreTest extends RunStoreContract {

    private final InMemoryRunStore store = new InMemoryRunStore();

    @Override
    protected RunStore store() {
        return store;
    }
}
