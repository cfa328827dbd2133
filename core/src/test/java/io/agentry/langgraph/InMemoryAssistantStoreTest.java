package io.agentry.langgraph;

class InMemoryAssistantStoreTest extends AssistantStoreContract {

    private InMemoryAssistantStore store = new InMemoryAssistantStore();

    @Override
    protected AssistantStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        store = new InMemoryAssistantStore();
    }
}
