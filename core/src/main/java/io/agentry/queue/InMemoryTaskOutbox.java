package io.agentry.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@link TaskOutbox} of an {@link InMemoryTaskQueue}, which adds deliveries while it holds its own lock (so
 * a delivery is never seen before its task's final state) and drops them with their tasks.
 */
final class InMemoryTaskOutbox implements TaskOutbox {

    private enum State { PENDING, DELIVERED, FAILED }

    private static final class Entry {
        final String deliveryId = UUID.randomUUID().toString();
        final String taskId;
        final String url;
        final Instant createdAt;
        State state = State.PENDING;
        int attempts;
        Instant nextAttemptAt;
        String lastError;

        Entry(String taskId, String url, Instant createdAt) {
            this.taskId = taskId;
            this.url = url;
            this.createdAt = createdAt;
            this.nextAttemptAt = createdAt;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** The delivery of a task that just ended at {@code now}. */
    synchronized void add(String taskId, String url, Instant now) {
        Entry entry = new Entry(taskId, url, now);
        entries.put(entry.deliveryId, entry);
    }

    /** Deliveries go with their task. */
    synchronized void removeTasks(Collection<String> taskIds) {
        entries.values().removeIf(e -> taskIds.contains(e.taskId));
    }

    @Override
    public synchronized List<Delivery> claimDue(int max, Instant now, Instant claimUntil) {
        List<Delivery> due = new ArrayList<>();
        entries.values().stream()
                .filter(e -> e.state == State.PENDING && !e.nextAttemptAt.isAfter(now))
                .sorted(Comparator.comparing(e -> e.nextAttemptAt))
                .limit(Math.max(max, 0))
                .forEach(e -> {
                    e.attempts++;
                    e.nextAttemptAt = claimUntil;
                    due.add(new Delivery(e.deliveryId, e.taskId, e.url, e.attempts, e.createdAt));
                });
        return due;
    }

    @Override
    public synchronized void delivered(String deliveryId, Instant now) {
        settle(deliveryId, State.DELIVERED, null);
    }

    @Override
    public synchronized void retryAt(String deliveryId, Instant nextAttempt, String error) {
        Entry entry = entries.get(deliveryId);
        if (entry != null) {
            entry.nextAttemptAt = nextAttempt;
            entry.lastError = error;
        }
    }

    @Override
    public synchronized void giveUp(String deliveryId, String error) {
        settle(deliveryId, State.FAILED, error);
    }

    private void settle(String deliveryId, State state, String error) {
        Entry entry = entries.get(deliveryId);
        if (entry != null) {
            entry.state = state;
            entry.lastError = error;
        }
    }
}
