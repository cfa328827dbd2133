package io.agentry.limits;

import java.time.Clock;

class InMemorySpendCounterTest extends SpendCounterContract {

    @Override
    protected SpendCounter newCounter(Clock clock) {
        return new InMemorySpendCounter(clock);
    }

    @Override
    protected void loseEverything() {
        restartCounter();
    }
}
