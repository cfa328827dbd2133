package io.agentry.server.tasks;

import io.agentry.queue.Task;
import io.agentry.run.RunEventListener;

/**
 * Where a task's run events go while a worker runs it (the event stream of {@code GET /tasks/{id}/events}
 * once streaming is wired). The default records nothing.
 */
@FunctionalInterface
public interface TaskEvents {

    TaskEvents NONE = task -> RunEventListener.NONE;

    RunEventListener listenerFor(Task task);
}
