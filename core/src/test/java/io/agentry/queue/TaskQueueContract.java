package io.agentry.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.run.RunStatus;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskQueue} must do: claim, lease renewal, expiry and re-claim, fencing, retry
 * scheduling, cancel, idempotency, paging, retention; and, from {@link TaskQueueTransitionsContract}, status
 * changes only as {@link RunStatus}'s table allows and one webhook delivery for every task that ends. A
 * backend's test extends this, supplies a queue and empties it before each test ({@link #emptyQueue()}).
 */
public abstract class TaskQueueContract extends TaskQueueTransitionsContract {

    @Test
    void aNewTaskIsQueuedWithEverythingItWasGiven() {
        Task task = enqueue("hello");
        Task found = queue().find(task.taskId()).orElseThrow();

        assertThat(found.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(found.attempts()).isZero();
        assertThat(found.request().message()).isEqualTo("hello");
        assertThat(found.request().maxCostUsd()).isEqualByComparingTo("0.25");
        assertThat(found.request().metadataJson()).isEqualTo("{\"k\":1}");
        assertThat(found.request().apiKey()).isEqualTo("key-a");
        assertThat(found.createdAt()).isEqualTo(t0);
        assertThat(found.lease()).isNull();
        assertThat(found.request().scheduleId()).isNull();
        assertThat(found.request().traceparent()).isNull();
    }

    @Test
    void aScheduledTaskKeepsItsScheduleId() {
        TaskRequest scheduled = TaskRequest.builder(user, "report").agent("default").sessionId("s1").scheduleId("sched-1")
                .build();

        Task task = queue().enqueue(UUID.randomUUID().toString(), scheduled, null, null, 2, t0).task();

        assertThat(queue().find(task.taskId()).orElseThrow().request().scheduleId()).isEqualTo("sched-1");
        assertThat(task.request().scheduleId()).isEqualTo("sched-1");
    }

    @Test
    void aClaimedTaskCarriesTheTraceOfTheRequestThatEnqueuedIt() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TaskRequest traced = request("traced").withTraceparent(traceparent);
        Task task = queue().enqueue(UUID.randomUUID().toString(), traced, null, null, 2, t0).task();

        assertThat(task.request().traceparent()).isEqualTo(traceparent);
        assertThat(claimMine("w1", 1, t0.plusSeconds(1))).singleElement()
                .satisfies(claimed -> assertThat(claimed.request().traceparent()).isEqualTo(traceparent));
    }

    @Test
    void claimingTakesOldestFirstUpToTheLimitAndLeasesThem() {
        Task first = enqueue("1");
        Task second = queue().enqueue(UUID.randomUUID().toString(), request("2"), null, null, 2, t0.plusSeconds(1)).task();
        queue().enqueue(UUID.randomUUID().toString(), request("3"), null, null, 2, t0.plusSeconds(2));

        List<Task> claimed = claimMine("w1", 2, t0.plusSeconds(5));

        assertThat(claimed).extracting(Task::taskId).containsExactly(first.taskId(), second.taskId());
        Task running = queue().find(first.taskId()).orElseThrow();
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).isEqualTo(t0.plusSeconds(5));
        assertThat(running.lease().owner()).isEqualTo("w1");
        assertThat(running.lease().expiresAt()).isEqualTo(t0.plusSeconds(5).plus(LEASE));
        assertThat(queue().stats(t0.plusSeconds(5)).queued()).isEqualTo(1);
        assertThat(queue().stats(t0.plusSeconds(5)).running()).isEqualTo(2);
    }

    @Test
    void aClaimedTaskIsNotClaimedAgainWhileItsLeaseHolds() {
        Task task = enqueue("x");
        assertThat(claimMine("w1", 10, t0)).extracting(Task::taskId).contains(task.taskId());
        assertThat(claimMine("w2", 10, t0.plusSeconds(29))).extracting(Task::taskId).doesNotContain(task.taskId());
    }

    @Test
    void concurrentClaimersNeverShareATask() throws Exception {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            mine.add(enqueue("t" + i).taskId());
        }
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String owner = "w" + w;
                futures.add(pool.submit(() -> {
                    // claim until nothing is left to claim (bounded): skipped rows are another claimer's
                    for (int round = 0; round < 1_000 && queue().stats(t0).queued() > 0; round++) {
                        for (Task t : claimMine(owner, 3, t0)) {
                            claimed.add(t.taskId());
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(claimed).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(mine);
    }

    @Test
    void renewingExtendsTheLeaseSoRecoveryLeavesItAlone() {
        Task task = enqueue("x");
        Task claimed = claimMine("w1", 1, t0).getFirst();

        assertThat(queue().renew(task.taskId(), claimed.lease().token(), t0.plusSeconds(90))).isEqualTo(TaskQueue.Renewal.RENEWED);
        queue().recoverExpired(t0.plusSeconds(60));

        Task after = queue().find(task.taskId()).orElseThrow();
        assertThat(after.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(after.lease().expiresAt()).isEqualTo(t0.plusSeconds(90));
    }

    @Test
    void onlyTheCurrentLeaseHoldsARunningTask() {
        Task task = enqueue("x");
        assertThat(queue().holdsLease(task.taskId(), "no-lease-yet")).isFalse();
        Task first = claimMine("w1", 1, t0).getFirst();
        assertThat(queue().holdsLease(task.taskId(), first.lease().token())).isTrue();
        assertThat(queue().holdsLease(task.taskId(), "someone-else")).isFalse();

        queue().recoverExpired(t0.plus(LEASE).plusSeconds(1));
        assertThat(queue().holdsLease(task.taskId(), first.lease().token())).isFalse();
        Task second = claimMine("w2", 1, t0.plus(LEASE).plusSeconds(2)).getFirst();
        assertThat(queue().holdsLease(task.taskId(), second.lease().token())).isTrue();

        queue().finish(task.taskId(), second.lease().token(), RunStatus.COMPLETED, "{}", null, t0.plus(LEASE).plusSeconds(3));
        assertThat(queue().holdsLease(task.taskId(), second.lease().token())).isFalse();
        assertThat(queue().holdsLease("no-such-task", "x")).isFalse();
    }

    @Test
    void anExpiredLeaseIsRecoveredAndReclaimedAsANewAttempt() {
        Task task = enqueue("x");
        Task first = claimMine("dead-worker", 1, t0).getFirst();

        TaskQueue.Recovery recovery = queue().recoverExpired(t0.plus(LEASE).plusSeconds(1));
        assertThat(recovery.requeued()).isEqualTo(1);
        assertThat(recovery.ended()).isEmpty();
        Task requeued = queue().find(task.taskId()).orElseThrow();
        assertThat(requeued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(requeued.lease()).isNull();

        Task second = claimMine("w2", 1, t0.plus(LEASE).plusSeconds(2)).getFirst();
        assertThat(second.taskId()).isEqualTo(task.taskId());
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.lease().token()).isNotEqualTo(first.lease().token());
        assertThat(queue().renew(task.taskId(), first.lease().token(), t0.plusSeconds(200))).isEqualTo(TaskQueue.Renewal.LOST);
    }

    @Test
    void aWorkerThatLostItsLeaseCanNeverWriteAResult() {
        Task task = enqueue("x");
        Task stale = claimMine("w1", 1, t0).getFirst();
        queue().recoverExpired(t0.plus(LEASE).plusSeconds(1));
        Task current = claimMine("w2", 1, t0.plus(LEASE).plusSeconds(1)).getFirst();

        assertThat(queue().finish(task.taskId(), stale.lease().token(), RunStatus.COMPLETED, "{\"stale\":true}", null, t0.plusSeconds(40))).isFalse();
        assertThat(queue().retryLater(task.taskId(), stale.lease().token(), t0.plusSeconds(50), "stale", t0.plusSeconds(40)))
                .isEqualTo(TaskQueue.Handback.LOST);
        assertThat(queue().release(task.taskId(), stale.lease().token(), t0.plusSeconds(50)))
                .isEqualTo(TaskQueue.Handback.LOST);
        assertThat(queue().finish(task.taskId(), current.lease().token(), RunStatus.COMPLETED, "{\"ok\":true}", null, t0.plusSeconds(41))).isTrue();
        assertThat(queue().finish(task.taskId(), current.lease().token(), RunStatus.FAILED, null, "again", t0.plusSeconds(42))).isFalse();

        Task done = queue().find(task.taskId()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.resultJson()).isEqualTo("{\"ok\":true}");
        assertThat(done.finishedAt()).isEqualTo(t0.plusSeconds(41));
        assertThat(done.lease()).isNull();
    }

    @Test
    void aRetryWaitsUntilItsTimeAndCountsAttempts() {
        Task task = enqueue("x");
        Task claimed = claimMine("w1", 1, t0).getFirst();
        assertThat(queue().retryLater(task.taskId(), claimed.lease().token(), t0.plusSeconds(10), "openai returned HTTP 429", t0))
                .isEqualTo(TaskQueue.Handback.REQUEUED);

        Task waiting = queue().find(task.taskId()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(waiting.error()).isEqualTo("openai returned HTTP 429");
        assertThat(claimMine("w1", 1, t0.plusSeconds(9))).isEmpty();
        Task again = claimMine("w1", 1, t0.plusSeconds(10)).getFirst();
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.hasRetriesLeft()).isTrue();
    }

    @Test
    void aLostWorkerOnTheLastAttemptFailsTheTask() {
        Task task = queue().enqueue(UUID.randomUUID().toString(), request("x"), null, null, 0, t0).task();
        claimMine("w1", 1, t0);
        TaskQueue.Recovery recovery = queue().recoverExpired(t0.plus(LEASE).plusSeconds(1));

        assertThat(recovery.failed()).isEqualTo(1);
        assertThat(recovery.ended()).containsExactly(task.taskId());
        Task failed = queue().find(task.taskId()).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains("lease expired");
        assertThat(failed.finishedAt()).isNotNull();
    }

    @Test
    void releasingOnShutdownDoesNotCountTheAttempt() {
        Task task = enqueue("x");
        Task claimed = claimMine("w1", 1, t0).getFirst();
        assertThat(queue().release(task.taskId(), claimed.lease().token(), t0.plusSeconds(1)))
                .isEqualTo(TaskQueue.Handback.REQUEUED);

        Task released = queue().find(task.taskId()).orElseThrow();
        assertThat(released.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(released.attempts()).isZero();
        assertThat(claimMine("w2", 1, t0.plusSeconds(1))).extracting(Task::taskId).containsExactly(task.taskId());
    }

    @Test
    void cancellingAQueuedTaskEndsItAtOnce() {
        Task task = enqueue("x");
        TaskQueue.Cancel first = queue().cancel(task.taskId(), t0.plusSeconds(1)).orElseThrow();

        assertThat(first.endedNow()).isTrue();
        assertThat(first.task().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(first.task().finishedAt()).isEqualTo(t0.plusSeconds(1));
        assertThat(first.task().error()).isEqualTo(TaskQueue.CANCELLED_ERROR);
        assertThat(claimMine("w1", 10, t0.plusSeconds(2))).isEmpty();
        TaskQueue.Cancel again = queue().cancel(task.taskId(), t0.plusSeconds(3)).orElseThrow();
        assertThat(again.endedNow()).isFalse();
        assertThat(again.task().finishedAt()).isEqualTo(t0.plusSeconds(1));
    }

    @Test
    void cancellingARunningTaskFlagsItForItsWorker() {
        Task task = enqueue("x");
        Task claimed = claimMine("w1", 1, t0).getFirst();

        TaskQueue.Cancel cancel = queue().cancel(task.taskId(), t0.plusSeconds(1)).orElseThrow();
        Task flagged = cancel.task();
        assertThat(cancel.endedNow()).isFalse();
        assertThat(flagged.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(flagged.cancelRequested()).isTrue();
        assertThat(queue().renew(task.taskId(), claimed.lease().token(), t0.plusSeconds(60))).isEqualTo(TaskQueue.Renewal.CANCEL_REQUESTED);
        assertThat(queue().finish(task.taskId(), claimed.lease().token(), RunStatus.CANCELLED, null, "Run cancelled", t0.plusSeconds(2))).isTrue();
        assertThat(queue().find(task.taskId()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aCancelledTaskWhoseWorkerDiedIsCancelledNotRetried() {
        Task task = enqueue("x");
        claimMine("w1", 1, t0);
        queue().cancel(task.taskId(), t0.plusSeconds(1));
        queue().recoverExpired(t0.plus(LEASE).plusSeconds(1));
        assertThat(queue().find(task.taskId()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(queue().find(task.taskId()).orElseThrow().error()).isEqualTo(TaskQueue.CANCELLED_ERROR);
    }

    @Test
    void aCancelRequestedWhileRunningIsNotLostWhenTheAttemptIsRetriedOrReleased() {
        Task retried = enqueue("retried");
        Task released = enqueue("released");
        List<Task> claimed = claimMine("w1", 2, t0);
        queue().cancel(retried.taskId(), t0.plusSeconds(1));
        queue().cancel(released.taskId(), t0.plusSeconds(1));
        String retriedToken = claimed.stream().filter(t -> t.taskId().equals(retried.taskId())).findFirst().orElseThrow().lease().token();
        String releasedToken = claimed.stream().filter(t -> t.taskId().equals(released.taskId())).findFirst().orElseThrow().lease().token();

        assertThat(queue().retryLater(retried.taskId(), retriedToken, t0.plusSeconds(5), "HTTP 429", t0.plusSeconds(2)))
                .isEqualTo(TaskQueue.Handback.CANCELLED);
        assertThat(queue().release(released.taskId(), releasedToken, t0.plusSeconds(2)))
                .isEqualTo(TaskQueue.Handback.CANCELLED);

        for (Task t : List.of(retried, released)) {
            Task after = queue().find(t.taskId()).orElseThrow();
            assertThat(after.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(after.error()).isEqualTo(TaskQueue.CANCELLED_ERROR);
            assertThat(after.finishedAt()).isEqualTo(t0.plusSeconds(2));
        }
        assertThat(claimMine("w2", 10, t0.plusSeconds(10))).isEmpty();
    }

    /**
     * A cancel that meets a hand-back or a recovery of the same task in flight still ends it: the task must not go
     * back to the queue with its cancel forgotten (a claim clears the flag) and run again. Each round races the
     * two once; a lost cancel shows within a few dozen rounds on every backend that lacks the guard.
     */
    @Test
    void aCancelRacingAHandBackOrARecoveryIsNeverLost() throws Exception {
        int rounds = 60;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < rounds; round++) {
                for (int kind = 0; kind < 3; kind++) {
                    Task task = enqueue("race " + round + "/" + kind);
                    Task claimed = claimMine("w1", 1, t0).getFirst();
                    String token = claimed.lease().token();
                    int which = kind;
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                    Future<?> handBack = pool.submit(() -> {
                        start.await();
                        switch (which) {
                            case 0 -> queue().release(task.taskId(), token, t0.plusSeconds(1));
                            case 1 -> queue().retryLater(task.taskId(), token, t0.plusSeconds(1), "HTTP 429", t0.plusSeconds(1));
                            default -> queue().recoverExpired(t0.plus(LEASE).plusSeconds(1));
                        }
                        return null;
                    });
                    Future<?> cancel = pool.submit(() -> {
                        start.await();
                        return queue().cancel(task.taskId(), t0.plusSeconds(1));
                    });
                    handBack.get();
                    cancel.get();
                    if (which == 2) {
                        // recovery skips a row another transaction holds: the janitor's next pass takes it
                        queue().recoverExpired(t0.plus(LEASE).plusSeconds(2));
                    }
                    Task after = queue().find(task.taskId()).orElseThrow();
                    assertThat(after.status()).as("round %d, hand-back %d", round, which).isEqualTo(RunStatus.CANCELLED);
                    assertThat(after.error()).isEqualTo(TaskQueue.CANCELLED_ERROR);
                }
            }
        }
        assertThat(claimMine("w2", 10, t0.plus(LEASE).plusSeconds(10))).isEmpty();
    }

    @Test
    void aCursorThatNamesNoTaskOfTheUserGivesAnEmptyPage() {
        enqueue("a");
        Task other = queue().enqueue(UUID.randomUUID().toString(),
                TaskRequest.builder(user + "-other", "b").build(), null, null, 2, t0).task();
        assertThat(queue().list(user, null, "no-such-task", 10)).isEmpty();
        assertThat(queue().list(user, null, other.taskId(), 10)).isEmpty();
    }

    @Test
    void cancellingAFinishedTaskChangesNothing() {
        Task task = enqueue("x");
        Task claimed = claimMine("w1", 1, t0).getFirst();
        queue().finish(task.taskId(), claimed.lease().token(), RunStatus.COMPLETED, "{}", null, t0.plusSeconds(1));

        Task after = queue().cancel(task.taskId(), t0.plusSeconds(2)).orElseThrow().task();
        assertThat(after.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(after.cancelRequested()).isFalse();
        assertThat(queue().cancel("no-such-task", t0)).isEmpty();
    }

    @Test
    void theSameIdempotencyKeyReturnsTheOriginalTaskPerUser() {
        TaskQueue.Enqueued first = queue().enqueue(UUID.randomUUID().toString(), request("a"), "key-1", "hash-a", 2, t0);
        TaskQueue.Enqueued again = queue().enqueue(UUID.randomUUID().toString(), request("b"), "key-1", "hash-b", 2, t0.plusSeconds(1));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.task().taskId()).isEqualTo(first.task().taskId());
        assertThat(again.task().requestHash()).isEqualTo("hash-a");

        TaskRequest otherUser = TaskRequest.builder(user + "-other", "a").build();
        TaskQueue.Enqueued theirs = queue().enqueue(UUID.randomUUID().toString(), otherUser, "key-1", "hash-a", 2, t0);
        assertThat(theirs.created()).isTrue();

        assertThat(queue().findByIdempotencyKey(user, "key-1")).map(Task::taskId).contains(first.task().taskId());
        assertThat(queue().findByIdempotencyKey(user + "-other", "key-1")).map(Task::taskId).contains(theirs.task().taskId());
        assertThat(queue().findByIdempotencyKey(user, "key-2")).isEmpty();
    }

    @Test
    void listingIsPerUserNewestFirstPagedAndFilterable() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(queue().enqueue(UUID.randomUUID().toString(), request("m" + i), null, null, 2, t0.plusSeconds(i)).task().taskId());
        }
        queue().cancel(ids.get(1), t0.plusSeconds(10));

        List<Task> page1 = queue().list(user, null, null, 2);
        List<Task> page2 = queue().list(user, null, page1.getLast().taskId(), 2);
        List<Task> page3 = queue().list(user, null, page2.getLast().taskId(), 2);
        assertThat(page1).extracting(Task::taskId).containsExactly(ids.get(4), ids.get(3));
        assertThat(page2).extracting(Task::taskId).containsExactly(ids.get(2), ids.get(1));
        assertThat(page3).extracting(Task::taskId).containsExactly(ids.get(0));
        assertThat(queue().list(user, RunStatus.CANCELLED, null, 10)).extracting(Task::taskId).containsExactly(ids.get(1));
        assertThat(queue().list(user + "-nobody", null, null, 10)).isEmpty();
    }

    @Test
    void finishedTasksAreDeletedAfterRetentionAndOthersKept() {
        Task old = enqueue("old");
        Task recent = enqueue("recent");
        Task waiting = enqueue("waiting");
        queue().cancel(old.taskId(), t0.plusSeconds(1));
        queue().cancel(recent.taskId(), t0.plus(Duration.ofDays(8)));

        queue().deleteFinishedBefore(t0.plus(Duration.ofDays(7)));

        assertThat(queue().find(old.taskId())).isEmpty();
        assertThat(queue().find(recent.taskId())).isPresent();
        assertThat(queue().find(waiting.taskId())).isPresent();
    }

    @Test
    void statsCountQueuedAndRunningAndTheOldestWait() {
        enqueue("a");
        enqueue("b");
        TaskQueue.Stats stats = queue().stats(t0.plusSeconds(30));
        assertThat(stats.queued()).isEqualTo(2);
        assertThat(stats.running()).isZero();
        assertThat(stats.oldestQueuedAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(queue().stats(t0.minusSeconds(1)).oldestQueuedAge()).isEqualTo(Duration.ZERO);
    }

    @Test
    void deletingAUsersEndedTasksTakesTheirDeliveriesAndKeepsActiveTasksAndOtherUsersTasks() {
        Task done = enqueue("done");
        Task claimed = claimMine("w", 1, t0).getFirst();
        queue().finish(done.taskId(), claimed.lease().token(), RunStatus.COMPLETED, "{}", null, t0.plusSeconds(1));
        Task running = enqueue("running");
        assertThat(claimMine("w", 1, t0.plusSeconds(2))).extracting(Task::taskId).containsExactly(running.taskId());
        Task waiting = enqueue("waiting");
        Task hooked = queue().enqueue(UUID.randomUUID().toString(),
                TaskRequest.builder(user, "hooked").webhookUrl("https://hooks.example/erased").build(), null, null, 2, t0).task();
        queue().cancel(hooked.taskId(), t0.plusSeconds(3));
        String other = user + "-other";
        Task theirs = queue().enqueue(UUID.randomUUID().toString(),
                TaskRequest.builder(other, "theirs").webhookUrl("https://hooks.example/kept").build(), null, null, 2, t0).task();
        queue().cancel(theirs.taskId(), t0.plusSeconds(3));

        assertThat(queue().deleteEndedOf(user)).isEqualTo(2);

        assertThat(queue().find(done.taskId())).isEmpty();
        assertThat(queue().find(hooked.taskId())).isEmpty();
        assertThat(queue().list(user, null, null, 10)).extracting(Task::taskId)
                .containsExactlyInAnyOrder(running.taskId(), waiting.taskId());
        assertThat(queue().find(theirs.taskId())).isPresent();
        assertThat(queue().outbox().claimDue(10, t0.plusSeconds(60), t0.plusSeconds(120)))
                .extracting(TaskOutbox.Delivery::url).containsExactly("https://hooks.example/kept");
        assertThat(queue().deleteEndedOf(user)).isZero();
    }

    @Test
    void anInterruptedTaskHoldsNoLeaseKeepsItsPendingCallsAndIsNeitherClaimedNorRecovered() {
        Task task = enqueue("refund order 7");
        Task claimed = claimMine("w1", 1, t0.plusSeconds(1)).getFirst();
        Interruption waiting = waitingFor(t0.plusSeconds(3600));

        assertThat(queue().interrupt(task.taskId(), claimed.lease().token(), waiting, t0.plusSeconds(2)))
                .isEqualTo(TaskQueue.Handback.INTERRUPTED);

        Task interrupted = queue().find(task.taskId()).orElseThrow();
        assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(interrupted.lease()).isNull();
        assertThat(interrupted.attempts()).isEqualTo(1);
        assertThat(interrupted.interruption()).isEqualTo(waiting);
        assertThat(queue().holdsLease(task.taskId(), claimed.lease().token())).isFalse();
        assertThat(queue().renew(task.taskId(), claimed.lease().token(), t0.plusSeconds(60))).isEqualTo(TaskQueue.Renewal.LOST);
        Instant muchLater = t0.plus(LEASE).plusSeconds(120);
        assertThat(queue().recoverExpired(muchLater).total()).isZero();
        assertThat(claimMine("w2", 5, muchLater)).isEmpty();
        assertThat(queue().find(task.taskId()).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(queue().list(user, RunStatus.INTERRUPTED, null, 10)).extracting(Task::taskId).containsExactly(task.taskId());
        assertThat(queue().stats(muchLater).running()).isZero();
    }

    @Test
    void anInterruptIsFencedByTheLeaseAndACancelRequestedMeanwhileEndsTheTask() {
        Task task = enqueue("a");
        String token = claimMine("w1", 1, t0.plusSeconds(1)).getFirst().lease().token();
        assertThat(queue().interrupt(task.taskId(), "stale", waitingFor(t0.plusSeconds(60)), t0.plusSeconds(2)))
                .isEqualTo(TaskQueue.Handback.LOST);
        assertThat(queue().find(task.taskId()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

        queue().cancel(task.taskId(), t0.plusSeconds(3));
        assertThat(queue().interrupt(task.taskId(), token, waitingFor(t0.plusSeconds(60)), t0.plusSeconds(4)))
                .isEqualTo(TaskQueue.Handback.CANCELLED);
        Task ended = queue().find(task.taskId()).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(ended.error()).isEqualTo(TaskQueue.CANCELLED_ERROR);
    }

    @Test
    void aResumeQueuesTheTaskWithItsDecisionsOnceWithoutCountingTheInterruptedAttempt() {
        Task task = enqueue("a");
        String token = claimMine("w1", 1, t0.plusSeconds(1)).getFirst().lease().token();
        queue().interrupt(task.taskId(), token, waitingFor(t0.plusSeconds(600)), t0.plusSeconds(2));
        Instant deadline = queue().find(task.taskId()).orElseThrow().interruption().deadline();
        List<Decision> decisions = List.of(Decision.approveWith("call_1", "{\"amount\":4}"));

        assertThat(queue().resume(task.taskId(), deadline.plusSeconds(1), decisions, t0.plusSeconds(3)))
                .as("another interruption's deadline").isEqualTo(TaskQueue.Resume.NOT_INTERRUPTED);
        assertThat(queue().resume("no-such-task", deadline, decisions, t0.plusSeconds(3))).isEqualTo(TaskQueue.Resume.UNKNOWN);
        assertThat(queue().resume(task.taskId(), deadline, decisions, t0.plusSeconds(3))).isEqualTo(TaskQueue.Resume.RESUMED);
        assertThat(queue().resume(task.taskId(), deadline, List.of(Decision.reject("call_1", "no")), t0.plusSeconds(3)))
                .as("a second decision").isEqualTo(TaskQueue.Resume.NOT_INTERRUPTED);

        Task queued = queue().find(task.taskId()).orElseThrow();
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.attempts()).isZero();
        assertThat(queued.interruption().decisions()).isEqualTo(decisions);
        Task again = claimMine("w2", 1, t0.plusSeconds(3)).getFirst();
        assertThat(again.taskId()).isEqualTo(task.taskId());
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.interruption().decisions()).isEqualTo(decisions);
        assertThat(again.interruption().calls()).isEqualTo(waitingFor(deadline).calls());
        assertThat(queue().endInterrupted(task.taskId(), deadline, RunStatus.FAILED, null, "late", t0.plusSeconds(4)))
                .as("not interrupted any more").isFalse();
    }

    @Test
    void cancellingAnInterruptedTaskEndsItAtOnce() {
        Task task = enqueue("a");
        queue().interrupt(task.taskId(), claimMine("w1", 1, t0.plusSeconds(1)).getFirst().lease().token(),
                waitingFor(t0.plusSeconds(600)), t0.plusSeconds(2));

        TaskQueue.Cancel cancel = queue().cancel(task.taskId(), t0.plusSeconds(3)).orElseThrow();

        assertThat(cancel.endedNow()).isTrue();
        assertThat(cancel.task().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancel.task().finishedAt()).isEqualTo(t0.plusSeconds(3));
        Instant deadline = cancel.task().interruption().deadline();
        assertThat(queue().resume(task.taskId(), deadline, List.of(Decision.approve("call_1")), t0.plusSeconds(4)))
                .isEqualTo(TaskQueue.Resume.NOT_INTERRUPTED);
    }

    @Test
    void expiredApprovalsAreFoundByDeadlineAndEndedOnce() {
        Task soon = enqueue("soon");
        Task later = queue().enqueue(UUID.randomUUID().toString(), request("later"), null, null, 2, t0.plusSeconds(1)).task();
        List<Task> claimed = claimMine("w1", 2, t0.plusSeconds(2));
        queue().interrupt(soon.taskId(), claimed.get(0).lease().token(), waitingFor(t0.plusSeconds(10)), t0.plusSeconds(3));
        queue().interrupt(later.taskId(), claimed.get(1).lease().token(), waitingFor(t0.plusSeconds(100)), t0.plusSeconds(3));

        assertThat(queue().expiredApprovals(t0.plusSeconds(5), 10)).isEmpty();
        List<Task> expired = queue().expiredApprovals(t0.plusSeconds(50), 10);
        assertThat(expired).extracting(Task::taskId).containsExactly(soon.taskId());
        assertThat(queue().expiredApprovals(t0.plusSeconds(500), 10)).extracting(Task::taskId)
                .containsExactly(soon.taskId(), later.taskId());
        assertThat(queue().expiredApprovals(t0.plusSeconds(500), 1)).extracting(Task::taskId).containsExactly(soon.taskId());

        Instant deadline = expired.getFirst().interruption().deadline();
        assertThat(queue().endInterrupted(soon.taskId(), deadline, RunStatus.FAILED, null, "Approval timed out",
                t0.plusSeconds(50))).isTrue();
        assertThat(queue().endInterrupted(soon.taskId(), deadline, RunStatus.FAILED, null, "again", t0.plusSeconds(51)))
                .isFalse();
        Task failed = queue().find(soon.taskId()).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).isEqualTo("Approval timed out");
        assertThat(queue().expiredApprovals(t0.plusSeconds(500), 10)).extracting(Task::taskId).containsExactly(later.taskId());
    }

    @Test
    void aTaskCanStartInterruptedAndBeResumedIntoTheQueue() {
        Interruption waiting = waitingFor(t0.plusSeconds(600));
        Task task = queue().enqueueInterrupted(UUID.randomUUID().toString(), request("from a sync run"), 2, waiting,
                t0.plusSeconds(1));

        Task found = queue().find(task.taskId()).orElseThrow();
        assertThat(found.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(found.attempts()).isZero();
        assertThat(found.interruption().calls()).isEqualTo(waiting.calls());
        assertThat(found.request().message()).isEqualTo("from a sync run");
        assertThat(found.createdAt()).isEqualTo(t0.plusSeconds(1));
        assertThat(claimMine("w1", 1, t0.plusSeconds(2))).isEmpty();

        assertThat(queue().resume(task.taskId(), found.interruption().deadline(), List.of(Decision.approve("call_1")),
                t0.plusSeconds(3))).isEqualTo(TaskQueue.Resume.RESUMED);
        assertThat(claimMine("w1", 1, t0.plusSeconds(3))).extracting(Task::taskId).containsExactly(task.taskId());
        assertThat(queue().deleteEndedOf(user)).isZero();
    }
}
