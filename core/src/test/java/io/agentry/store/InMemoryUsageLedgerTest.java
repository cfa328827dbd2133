package io.agentry.store;

class InMemoryUsageLedgerTest extends UsageLedgerContract {

    private final InMemoryRunStore store = new InMemoryRunStore();

    @Override
    protected RunStore store() {
        return store;
    }

    @Override
    protected UsageLedger ledger() {
        return store;
    }
}
