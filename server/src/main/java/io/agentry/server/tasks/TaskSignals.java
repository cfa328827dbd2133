package io.agentry.server.tasks;

import java.util.function.Consumer;

/**
 * Fast notifications between processes about tasks: "a task was enqueued" wakes idle workers at once
 * instead of at their next poll, and "cancel task X" reaches whichever worker runs X. Signals are an
 * optimisation over the store, never the record: one that is lost (Redis down) only delays things until
 * the next poll or lease renewal. Sending never throws.
 */
public interface TaskSignals {

    void taskEnqueued();

    void cancelRequested(String taskId);

    void onTaskEnqueued(Runnable listener);

    void onCancelRequested(Consumer<String> listener);
}
