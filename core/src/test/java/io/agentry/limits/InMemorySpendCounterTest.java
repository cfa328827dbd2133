package io.agentry.limits;

import java.time.Clock;

class InMemorySpendCounterTest extends SpendCounterContract {

    private final SpendCounter counter = new InMemorySpendCounter(Clock.systemUTC());

    @Override
    protected SpendCounter counter() {
        return counter;
    }
}
