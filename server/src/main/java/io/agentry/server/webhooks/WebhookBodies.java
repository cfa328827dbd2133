package io.agentry.server.webhooks;

import io.agentry.queue.Task;

/**
 * What a webhook delivers for a finished task: the task as {@code GET /tasks/{id}} shows it. Implemented
 * by the tasks feature, which owns that view, so that deliveries need not know it.
 */
public interface WebhookBodies {

    /** The JSON body of the delivery for {@code task}. */
    String bodyOf(Task task);
}
