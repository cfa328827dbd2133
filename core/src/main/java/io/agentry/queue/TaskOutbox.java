package io.agentry.queue;

import java.time.Instant;
import java.util.List;

/**
 * The webhook outbox of a {@link TaskQueue}: one pending delivery for every task with a webhook URL that
 * reaches a final state, written by the queue atomically with that transition (so no final state goes
 * unannounced, even if the process dies right after it, and none is announced twice). Deliveries go with
 * their task when it is deleted.
 *
 * <p>Senders claim due deliveries (each for a while, so two senders do not send the same one at once), then
 * mark them delivered, or reschedule or give them up. Safe to call from many threads and processes at once.
 */
public interface TaskOutbox {

    /**
     * A delivery as a claim hands it out.
     *
     * @param attempts  claims so far, this one included
     * @param createdAt when the task ended (and the delivery was written)
     */
    record Delivery(String deliveryId, String taskId, String url, int attempts, Instant createdAt) {
    }

    /**
     * Up to {@code max} pending deliveries due at {@code now}, soonest due first, each counted as one more attempt
     * and hidden from other claims until {@code claimUntil} (when it is due again unless it was settled).
     */
    List<Delivery> claimDue(int max, Instant now, Instant claimUntil);

    /** Settles the delivery: never handed out again. */
    void delivered(String deliveryId, Instant now);

    /** Due again at {@code nextAttempt}; {@code error} says why the last attempt failed. */
    void retryAt(String deliveryId, Instant nextAttempt, String error);

    /** Settles the delivery as failed: never handed out again. */
    void giveUp(String deliveryId, String error);
}
