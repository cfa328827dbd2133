package io.agentry.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryEventLogTest extends EventLogContract {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T10:15:30Z"));
    private final InMemoryEventLog log = new InMemoryEventLog(clock, Duration.ofHours(24), 10_000);

    @Override
    protected EventLog log() {
        return log;
    }

    @Override
    protected EventLog logWithRetention(Duration retention) {
        return new InMemoryEventLog(clock, retention, 10_000);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void keepsOnlyTheNewestFinishedStreamsBeyondItsCapButNeverOneStillBeingWritten() {
        InMemoryEventLog small = new InMemoryEventLog(clock, Duration.ofHours(24), 2);
        small.open("running", "alice");
        small.append("running", "run.started", "{}");
        for (String id : new String[] {"a", "b", "c"}) {
            small.open(id, "alice");
            small.appendFinal(id, "run.completed", "{}");
        }

        assertThat(small.describe("a")).isEmpty();
        assertThat(small.describe("b")).isPresent();
        assertThat(small.describe("c")).isPresent();
        assertThat(small.describe("running")).isPresent();
    }

    @Test
    void everyWriteExtendsTheRetention() {
        InMemoryEventLog expiring = new InMemoryEventLog(clock, Duration.ofMinutes(10), 10);
        expiring.open("long-run", "alice");
        for (int minute = 0; minute < 30; minute += 5) {
            elapse(Duration.ofMinutes(5));
            expiring.append("long-run", "token", "{}");
        }
        assertThat(expiring.describe("long-run").orElseThrow().lastId()).isEqualTo(6);

        elapse(Duration.ofMinutes(11));
        assertThat(expiring.describe("long-run")).isEmpty();
    }
}
