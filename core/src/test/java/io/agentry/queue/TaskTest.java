package io.agentry.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.run.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A task's withers are the in-memory queue's only way to a new status, and they follow the table. */
class TaskTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final Task queued = Task.queued("t1", TaskRequest.builder("alice", "hi").build(), null, null, 2, T0);
    private final Task running = queued.claimed(new Lease("w1", "token", T0.plusSeconds(30)), T0.plusSeconds(1));

    @Test
    void theWithersMoveATaskAlongTheTable() {
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.runAfter()).isEqualTo(T0);
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));

        Task retried = running.requeued(T0.plusSeconds(10), running.attempts(), "HTTP 429");
        assertThat(retried.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(retried.lease()).isNull();
        Task again = retried.claimed(new Lease("w2", "token-2", T0.plusSeconds(40)), T0.plusSeconds(11));
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.startedAt()).as("started once, at the first claim").isEqualTo(T0.plusSeconds(1));

        Task done = again.finished(RunStatus.COMPLETED, "{}", null, T0.plusSeconds(12));
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.lease()).isNull();
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(queued.withCancelRequested().finished(RunStatus.CANCELLED, null, null, T0).cancelRequested()).isTrue();
    }

    @Test
    void aMoveTheTableForbidsIsRefused() {
        Task cancelled = running.finished(RunStatus.CANCELLED, null, "Run cancelled", T0.plusSeconds(2));
        Task completed = running.finished(RunStatus.COMPLETED, "{}", null, T0.plusSeconds(2));

        assertThatThrownBy(() -> cancelled.finished(RunStatus.COMPLETED, "{}", null, T0.plusSeconds(3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cancelled -> completed");
        assertThatThrownBy(() -> completed.requeued(T0.plusSeconds(3), 1, "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("completed -> queued");
        assertThatThrownBy(() -> completed.claimed(new Lease("w2", "t", T0.plusSeconds(60)), T0.plusSeconds(3)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> queued.finished(RunStatus.COMPLETED, "{}", null, T0))
                .as("a queued task cannot complete without running").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> queued.requeued(T0, 0, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> running.claimed(new Lease("w2", "t", T0.plusSeconds(60)), T0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> queued.withLease(new Lease("w2", "t", T0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> running.finished(RunStatus.QUEUED, null, null, T0))
                .as("finishing needs a final status").isInstanceOf(IllegalArgumentException.class);
    }
}
