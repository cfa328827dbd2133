package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.queue.InMemoryTaskQueue;
import io.agentry.queue.Lease;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every way a task ends reaches {@link TaskEvents#ended} once, with the task as it ended; nothing else does. */
class TaskEndingsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final TaskQueue queue = new InMemoryTaskQueue();
    private final List<Task> ended = new CopyOnWriteArrayList<>();
    private final TaskEndings endings = new TaskEndings(queue, new TaskEvents() {
        @Override
        public RunEventListener listenerFor(Task task) {
            return RunEventListener.NONE;
        }

        @Override
        public void ended(Task task) {
            ended.add(task);
        }
    });

    private Task enqueue(String message, int maxRetries, Instant now) {
        return queue.enqueue(UUID.randomUUID().toString(), TaskRequest.builder("alice", message).build(), null, null,
                maxRetries, now).task();
    }

    private Task claim(Instant now) {
        return queue.claim("w1", 1, LEASE, now).getFirst();
    }

    @Test
    void everyEndingIsSeenOnceAsTheTaskEnded() {
        Task completed = enqueue("completed", 2, T0);
        assertThat(endings.finish(claim(T0), RunStatus.COMPLETED, "{\"ok\":true}", null, T0.plusSeconds(1))).isTrue();

        Task retried = enqueue("cancelled at retry", 2, T0.plusSeconds(2));
        Task retriedAttempt = claim(T0.plusSeconds(2));
        endings.cancel(retried.taskId(), T0.plusSeconds(3));
        assertThat(endings.retryLater(retriedAttempt, T0.plusSeconds(9), "HTTP 429", T0.plusSeconds(4)))
                .isEqualTo(TaskQueue.Handback.CANCELLED);

        Task released = enqueue("cancelled at release", 2, T0.plusSeconds(5));
        Task releasedAttempt = claim(T0.plusSeconds(5));
        endings.cancel(released.taskId(), T0.plusSeconds(6));
        assertThat(endings.release(releasedAttempt, T0.plusSeconds(7))).isEqualTo(TaskQueue.Handback.CANCELLED);

        Task queuedCancel = enqueue("cancelled while queued", 2, T0.plusSeconds(8));
        assertThat(endings.cancel(queuedCancel.taskId(), T0.plusSeconds(8)).orElseThrow().endedNow()).isTrue();

        Task lost = enqueue("lost", 0, T0.plusSeconds(9));
        claim(T0.plusSeconds(9));
        assertThat(endings.recoverExpired(T0.plusSeconds(9).plus(LEASE).plusSeconds(1)).ended()).containsExactly(lost.taskId());

        assertThat(ended).extracting(Task::taskId).containsExactly(completed.taskId(), retried.taskId(), released.taskId(),
                queuedCancel.taskId(), lost.taskId());
        for (Task each : ended) {
            Task stored = queue.find(each.taskId()).orElseThrow();
            assertThat(List.of(each.status(), String.valueOf(each.resultJson()), String.valueOf(each.error()),
                    String.valueOf(each.finishedAt())))
                    .as("seen as the queue ended it")
                    .isEqualTo(List.of(stored.status(), String.valueOf(stored.resultJson()), String.valueOf(stored.error()),
                            String.valueOf(stored.finishedAt())));
        }
    }

    @Test
    void whatDoesNotEndATaskIsNotSeen() {
        Task task = enqueue("busy", 2, T0);
        Task attempt = claim(T0);
        assertThat(endings.finish(attempt.withLease(new Lease("w1", "stale", T0)), RunStatus.COMPLETED,
                "{}", null, T0.plusSeconds(1))).isFalse();
        assertThat(endings.retryLater(attempt, T0.plusSeconds(2), "HTTP 429", T0.plusSeconds(1)))
                .isEqualTo(TaskQueue.Handback.REQUEUED);
        Task again = claim(T0.plusSeconds(2));
        assertThat(endings.cancel(task.taskId(), T0.plusSeconds(3)).orElseThrow().endedNow()).as("only flagged").isFalse();
        assertThat(endings.release(attempt, T0.plusSeconds(3))).as("an old attempt's token").isEqualTo(TaskQueue.Handback.LOST);
        assertThat(endings.recoverExpired(T0.plusSeconds(4)).total()).isZero();
        assertThat(again.status()).isEqualTo(RunStatus.RUNNING);

        assertThat(ended).isEmpty();
    }
}
