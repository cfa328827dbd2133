package io.agentry.server.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * Pending webhook deliveries, written by the task queue in the same transaction as a task's final
 * state. Workers claim due deliveries (each for a short while, so two workers do not send the same one
 * at once), then mark them delivered, or reschedule or give them up.
 */
public interface WebhookOutbox {

    record Delivery(String deliveryId, String taskId, String url, int attempts, Instant createdAt) {
    }

    /** Up to {@code max} deliveries due at {@code now}, each hidden from other claims until {@code claimUntil}. */
    List<Delivery> claimDue(int max, Instant now, Instant claimUntil);

    void delivered(String deliveryId, Instant now);

    void retryAt(String deliveryId, Instant nextAttempt, String error);

    void giveUp(String deliveryId, String error);
}
