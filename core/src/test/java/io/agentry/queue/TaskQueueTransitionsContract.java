package io.agentry.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.approval.PendingCall;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskQueue} must do whenever a task changes status: only what {@link RunStatus}'s table allows
 * is ever written, and a task with a webhook that ends gets exactly one delivery in the queue's
 * {@link TaskQueue#outbox()}, whichever way it ended. Part of {@link TaskQueueContract}, which backends extend;
 * the fixtures here serve both.
 */
public abstract class TaskQueueTransitionsContract {

    protected static final Duration LEASE = Duration.ofSeconds(30);

    protected abstract TaskQueue queue();

    /** Removes every task (and with them their deliveries), so each test starts from an empty queue. */
    protected abstract void emptyQueue();

    protected final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    protected String user;

    @BeforeEach
    void emptyQueueAndNewUser() {
        emptyQueue();
        user = "user-" + UUID.randomUUID();
    }

    protected Task enqueue(String message) {
        return queue().enqueue(UUID.randomUUID().toString(), request(message), null, null, 2, t0).task();
    }

    protected TaskRequest request(String message) {
        return TaskRequest.builder(user, message).agent("default").sessionId("s1").maxTokens(1000L)
                .maxCostUsd(new BigDecimal("0.25")).metadataJson("{\"k\":1}").apiKey("key-a").build();
    }

    protected List<Task> claimMine(String owner, int max, Instant now) {
        return queue().claim(owner, max, LEASE, now);
    }

    /** A task whose end is announced to {@code https://hooks.example/<name>}, with {@code maxRetries} retries. */
    private Task hooked(String name, int maxRetries, Instant now) {
        TaskRequest request = TaskRequest.builder(user, name).webhookUrl("https://hooks.example/" + name).build();
        return queue().enqueue(UUID.randomUUID().toString(), request, null, null, maxRetries, now).task();
    }

    /** Every delivery due by a day after t0, claimed (so hidden from the next call for an hour). */
    private List<TaskOutbox.Delivery> dueDeliveries() {
        Instant late = t0.plus(Duration.ofDays(1));
        return queue().outbox().claimDue(100, late, late.plus(Duration.ofHours(1)));
    }

    /** An interruption waiting for one call, until {@code deadline}. */
    protected static Interruption waitingFor(Instant deadline) {
        return new Interruption(1, List.of(new PendingCall("call_1", "refund", "{\"amount\":5}")), deadline, List.of());
    }

    private String token(Task claimed) {
        return claimed.lease().token();
    }

    private Task claimOnly(Task task, Instant now) {
        List<Task> claimed = claimMine("w1", 1, now);
        assertThat(claimed).extracting(Task::taskId).containsExactly(task.taskId());
        return claimed.getFirst();
    }

    /**
     * Random sequences of what workers, clients and the janitor do (current and stale lease tokens, time moving
     * on, new tasks arriving): every status change that can be observed is one {@link RunStatus}'s table allows,
     * and a finished task never changes again. The seed is fixed and no two tasks share a creation time (claims
     * take the oldest first), so a failure repeats on every backend.
     */
    @Test
    void everyStatusChangeIsOneTheTransitionTableAllows() {
        Random random = new Random(20261128);
        List<String> ids = new ArrayList<>();
        Map<String, Task> seen = new HashMap<>();
        Instant now = t0;
        for (int i = 0; i < 6; i++) {
            now = now.plusMillis(1);
            Task task = queue().enqueue(UUID.randomUUID().toString(), request("walk " + i), null, null, 2, now).task();
            ids.add(task.taskId());
            seen.put(task.taskId(), task);
        }
        Map<String, String> tokens = new HashMap<>();
        Set<RunStatus> reached = EnumSet.of(RunStatus.QUEUED);
        for (int step = 0; step < 400; step++) {
            String id = ids.get(random.nextInt(ids.size()));
            String token = tokens.getOrDefault(id, "never-leased");
            String operation;
            switch (random.nextInt(13)) {
                case 10 -> {
                    operation = "interrupt";
                    queue().interrupt(id, token, waitingFor(now.plusSeconds(30)), now);
                }
                case 11 -> {
                    operation = "resume";
                    Task current = queue().find(id).orElseThrow();
                    Instant deadline = current.interruption() == null ? now : current.interruption().deadline();
                    queue().resume(id, deadline, List.of(Decision.approve("call_1")), now);
                }
                case 12 -> {
                    operation = "approval timeouts";
                    for (Task expired : queue().expiredApprovals(now, 10)) {
                        queue().endInterrupted(expired.taskId(), expired.interruption().deadline(), RunStatus.FAILED, null,
                                "Approval timed out", now);
                    }
                }
                case 0 -> {
                    operation = "claim";
                    claimMine("walker", 1 + random.nextInt(3), now).forEach(t -> tokens.put(t.taskId(), t.lease().token()));
                }
                case 1 -> {
                    operation = "renew";
                    queue().renew(id, token, now.plus(LEASE));
                }
                case 2 -> {
                    RunStatus outcome = List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED).get(random.nextInt(3));
                    operation = "finish " + outcome;
                    queue().finish(id, token, outcome, "{}", outcome == RunStatus.COMPLETED ? null : "ended", now);
                }
                case 3 -> {
                    operation = "retryLater";
                    queue().retryLater(id, token, now.plusSeconds(random.nextInt(5)), "retriable", now);
                }
                case 4 -> {
                    operation = "release";
                    queue().release(id, token, now);
                }
                case 5 -> {
                    operation = "cancel";
                    queue().cancel(id, now);
                }
                case 6 -> {
                    operation = "recoverExpired";
                    queue().recoverExpired(now);
                }
                case 7 -> {
                    operation = "stale token";
                    tokens.put(id, "stale-" + step);
                }
                case 8 -> {
                    operation = "enqueue";
                    now = now.plusMillis(1);
                    Task task = queue().enqueue(UUID.randomUUID().toString(), request("walk " + step), null, null, 2, now)
                            .task();
                    ids.add(task.taskId());
                    seen.put(task.taskId(), task);
                }
                default -> {
                    operation = "time";
                    now = now.plusSeconds(random.nextInt(40));
                }
            }
            for (String each : ids) {
                Task before = seen.get(each);
                Task after = queue().find(each).orElseThrow();
                String context = "step " + step + " (" + operation + " on " + (each.equals(id) ? "it" : "another task") + ")";
                if (after.status() != before.status()) {
                    assertThat(before.status().canTransitionTo(after.status()))
                            .as("%s: %s -> %s", context, before.status(), after.status()).isTrue();
                }
                if (before.status().isTerminal()) {
                    assertThat(List.of(after.status(), after.attempts(), String.valueOf(after.finishedAt()), String.valueOf(after.error())))
                            .as("%s: a finished task stays as it ended", context)
                            .isEqualTo(List.of(before.status(), before.attempts(), String.valueOf(before.finishedAt()),
                                    String.valueOf(before.error())));
                }
                reached.add(after.status());
                seen.put(each, after);
            }
        }
        assertThat(reached).as("the walk went everywhere").containsExactlyInAnyOrder(RunStatus.values());
    }

    @Test
    void everyWayATaskEndsWritesExactlyOneDeliveryWithTheTransition() {
        Map<String, Instant> endedAt = new HashMap<>();
        Instant now = t0;

        Task completed = hooked("completed", 2, now = now.plusSeconds(1));
        assertThat(queue().finish(completed.taskId(), token(claimOnly(completed, now)), RunStatus.COMPLETED, "{}", null,
                now = now.plusSeconds(1))).isTrue();
        endedAt.put(completed.taskId(), now);

        Task failed = hooked("failed", 2, now = now.plusSeconds(1));
        assertThat(queue().finish(failed.taskId(), token(claimOnly(failed, now)), RunStatus.FAILED, null, "HTTP 401",
                now = now.plusSeconds(1))).isTrue();
        endedAt.put(failed.taskId(), now);

        Task cancelledQueued = hooked("cancelled-queued", 2, now = now.plusSeconds(1));
        assertThat(queue().cancel(cancelledQueued.taskId(), now = now.plusSeconds(1)).orElseThrow().endedNow()).isTrue();
        endedAt.put(cancelledQueued.taskId(), now);

        for (String handback : List.of("retry", "release")) {
            Task task = hooked("cancelled-at-" + handback, 2, now = now.plusSeconds(1));
            String token = token(claimOnly(task, now));
            queue().cancel(task.taskId(), now = now.plusSeconds(1));
            TaskQueue.Handback result = handback.equals("retry")
                    ? queue().retryLater(task.taskId(), token, now.plusSeconds(30), "HTTP 429", now = now.plusSeconds(1))
                    : queue().release(task.taskId(), token, now = now.plusSeconds(1));
            assertThat(result).isEqualTo(TaskQueue.Handback.CANCELLED);
            endedAt.put(task.taskId(), now);
        }

        Task lost = hooked("lost", 0, now = now.plusSeconds(1));
        claimOnly(lost, now);
        Task lostCancelled = hooked("lost-cancelled", 2, now = now.plusSeconds(1));
        claimOnly(lostCancelled, now);
        queue().cancel(lostCancelled.taskId(), now);
        now = now.plus(LEASE).plusSeconds(1);
        assertThat(queue().recoverExpired(now).ended()).containsExactlyInAnyOrder(lost.taskId(), lostCancelled.taskId());
        endedAt.put(lost.taskId(), now);
        endedAt.put(lostCancelled.taskId(), now);

        Task interruptedCancelled = hooked("interrupted-cancelled", 2, now = now.plusSeconds(1));
        assertThat(queue().interrupt(interruptedCancelled.taskId(), token(claimOnly(interruptedCancelled, now)),
                waitingFor(now.plusSeconds(60)), now)).isEqualTo(TaskQueue.Handback.INTERRUPTED);
        assertThat(queue().cancel(interruptedCancelled.taskId(), now = now.plusSeconds(1)).orElseThrow().endedNow()).isTrue();
        endedAt.put(interruptedCancelled.taskId(), now);

        Task timedOut = hooked("interrupted-timed-out", 2, now = now.plusSeconds(1));
        queue().interrupt(timedOut.taskId(), token(claimOnly(timedOut, now)), waitingFor(now.plusSeconds(5)), now);
        Task waiting = queue().find(timedOut.taskId()).orElseThrow();
        assertThat(queue().endInterrupted(timedOut.taskId(), waiting.interruption().deadline(), RunStatus.FAILED, null,
                "Approval timed out", now = now.plusSeconds(10))).isTrue();
        endedAt.put(timedOut.taskId(), now);

        List<TaskOutbox.Delivery> due = dueDeliveries();
        assertThat(due).extracting(TaskOutbox.Delivery::taskId).containsExactlyInAnyOrderElementsOf(endedAt.keySet());
        for (TaskOutbox.Delivery delivery : due) {
            Task ended = queue().find(delivery.taskId()).orElseThrow();
            assertThat(ended.status().isTerminal()).isTrue();
            assertThat(delivery.url()).isEqualTo(ended.request().webhookUrl());
            assertThat(delivery.attempts()).isEqualTo(1);
            assertThat(delivery.createdAt()).as("written with the transition").isEqualTo(endedAt.get(delivery.taskId()))
                    .isEqualTo(ended.finishedAt());
        }
        assertThat(due).extracting(TaskOutbox.Delivery::deliveryId).doesNotHaveDuplicates();
    }

    @Test
    void noDeliveryIsWrittenForATaskThatHasNotEndedOrHasNoWebhook() {
        Task busy = hooked("busy", 2, t0);
        String token = token(claimOnly(busy, t0));
        queue().renew(busy.taskId(), token, t0.plus(Duration.ofDays(2)));
        assertThat(queue().cancel(busy.taskId(), t0.plusSeconds(1)).orElseThrow().endedNow()).as("only flagged").isFalse();
        assertThat(queue().finish(busy.taskId(), "stale-token", RunStatus.COMPLETED, "{}", null, t0.plusSeconds(2))).isFalse();

        Task retried = hooked("retried", 2, t0.plusSeconds(4));
        queue().retryLater(retried.taskId(), token(claimOnly(retried, t0.plusSeconds(4))), t0.plusSeconds(5), "HTTP 429",
                t0.plusSeconds(4));
        queue().release(retried.taskId(), token(claimOnly(retried, t0.plusSeconds(5))), t0.plusSeconds(6));
        claimOnly(retried, t0.plusSeconds(6));
        queue().recoverExpired(t0.plusSeconds(6).plus(LEASE).plusSeconds(1));  // retries left: back in the queue
        assertThat(queue().find(retried.taskId()).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);

        Task plain = enqueue("no webhook");
        queue().finish(plain.taskId(), token(claimOnly(plain, t0.plusSeconds(40))), RunStatus.COMPLETED, "{}", null,
                t0.plusSeconds(41));

        assertThat(dueDeliveries()).isEmpty();
    }

    @Test
    void aClaimedDeliveryIsHiddenUntilItsClaimRunsOutAndASettledOneIsNeverDueAgain() {
        Instant t1 = t0.plusSeconds(10);
        Instant t2 = t1.plusSeconds(1);
        Task first = hooked("first", 2, t0);
        Task second = hooked("second", 2, t0);
        queue().cancel(first.taskId(), t1);
        queue().cancel(second.taskId(), t2);
        TaskOutbox outbox = queue().outbox();

        assertThat(outbox.claimDue(10, t1.minusSeconds(1), t1.plusSeconds(60))).as("not due before the task ended").isEmpty();
        List<TaskOutbox.Delivery> one = outbox.claimDue(1, t2, t2.plusSeconds(10));
        assertThat(one).extracting(TaskOutbox.Delivery::taskId).as("soonest due first, up to max")
                .containsExactly(first.taskId());
        List<TaskOutbox.Delivery> other = outbox.claimDue(10, t2.plusSeconds(1), t2.plusSeconds(11));
        assertThat(other).extracting(TaskOutbox.Delivery::taskId).as("the claimed one is hidden")
                .containsExactly(second.taskId());
        List<TaskOutbox.Delivery> again = outbox.claimDue(10, t2.plusSeconds(10), t2.plusSeconds(20));
        assertThat(again).extracting(TaskOutbox.Delivery::taskId).as("its claim ran out").containsExactly(first.taskId());
        assertThat(again.getFirst().attempts()).isEqualTo(2);
        assertThat(again.getFirst().deliveryId()).isEqualTo(one.getFirst().deliveryId());

        outbox.delivered(one.getFirst().deliveryId(), t2.plusSeconds(12));
        outbox.retryAt(other.getFirst().deliveryId(), t2.plusSeconds(100), "HTTP 500");
        assertThat(outbox.claimDue(10, t2.plusSeconds(99), t2.plusSeconds(200))).isEmpty();
        List<TaskOutbox.Delivery> retried = outbox.claimDue(10, t2.plusSeconds(100), t2.plusSeconds(110));
        assertThat(retried).extracting(TaskOutbox.Delivery::taskId).containsExactly(second.taskId());
        assertThat(retried.getFirst().attempts()).isEqualTo(2);
        assertThat(retried.getFirst().createdAt()).isEqualTo(t2);

        outbox.giveUp(retried.getFirst().deliveryId(), "gone");
        assertThat(outbox.claimDue(10, t2.plus(Duration.ofDays(30)), t2.plus(Duration.ofDays(31)))).isEmpty();
    }

    @Test
    void deliveriesGoWithTheirTask() {
        Task task = hooked("deleted", 2, t0);
        queue().cancel(task.taskId(), t0.plusSeconds(1));

        queue().deleteFinishedBefore(t0.plus(Duration.ofDays(7)));

        assertThat(dueDeliveries()).isEmpty();
    }

    /**
     * An ended task is never moved again, whatever its last attempt's worker still holds (the token it ended the
     * task with) and whoever asks: finishing a cancelled task, requeuing or releasing a completed one, cancelling,
     * recovering or claiming either is refused, and writes nothing, not even a second delivery.
     */
    @Test
    void anEndedTaskIsNeverMovedAgain() {
        Task cancelled = hooked("cancelled", 2, t0);
        Task completed = hooked("completed", 2, t0.plusSeconds(1));
        String cancelledToken = token(claimOnly(cancelled, t0.plusSeconds(2)));
        String completedToken = token(claimOnly(completed, t0.plusSeconds(2)));
        queue().cancel(cancelled.taskId(), t0.plusSeconds(3));
        assertThat(queue().finish(cancelled.taskId(), cancelledToken, RunStatus.CANCELLED, "{}", "Run cancelled",
                t0.plusSeconds(4))).isTrue();
        assertThat(queue().finish(completed.taskId(), completedToken, RunStatus.COMPLETED, "{}", null,
                t0.plusSeconds(4))).isTrue();
        Map<String, Task> ended = Map.of(cancelled.taskId(), queue().find(cancelled.taskId()).orElseThrow(),
                completed.taskId(), queue().find(completed.taskId()).orElseThrow());

        Instant later = t0.plus(LEASE).plusSeconds(60);
        assertThat(queue().finish(cancelled.taskId(), cancelledToken, RunStatus.COMPLETED, "{}", null, later)).isFalse();
        assertThat(queue().finish(cancelled.taskId(), cancelledToken, RunStatus.FAILED, null, "late", later)).isFalse();
        assertThat(queue().retryLater(completed.taskId(), completedToken, later, "late", later))
                .isEqualTo(TaskQueue.Handback.LOST);
        assertThat(queue().release(completed.taskId(), completedToken, later)).isEqualTo(TaskQueue.Handback.LOST);
        assertThat(queue().renew(completed.taskId(), completedToken, later.plus(LEASE))).isEqualTo(TaskQueue.Renewal.LOST);
        for (String id : ended.keySet()) {
            assertThat(queue().cancel(id, later).orElseThrow().endedNow()).isFalse();
        }
        queue().recoverExpired(later.plus(Duration.ofDays(1)));
        assertThat(claimMine("w2", 10, later.plus(Duration.ofDays(1)))).isEmpty();

        for (Map.Entry<String, Task> each : ended.entrySet()) {
            Task now = queue().find(each.getKey()).orElseThrow();
            Task then = each.getValue();
            assertThat(List.of(now.status(), now.attempts(), String.valueOf(now.finishedAt()), String.valueOf(now.error()),
                    String.valueOf(now.resultJson()), String.valueOf(now.lease())))
                    .isEqualTo(List.of(then.status(), then.attempts(), String.valueOf(then.finishedAt()),
                            String.valueOf(then.error()), String.valueOf(then.resultJson()), String.valueOf(then.lease())));
        }
        assertThat(dueDeliveries()).extracting(TaskOutbox.Delivery::taskId)
                .containsExactlyInAnyOrder(cancelled.taskId(), completed.taskId());
    }
}
