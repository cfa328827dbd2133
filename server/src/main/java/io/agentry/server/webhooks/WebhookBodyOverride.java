package io.agentry.server.webhooks;

import io.agentry.queue.Task;
import java.util.Optional;

/**
 * The body of a finished task's webhook when another API made the task and its clients expect that API's shape (the
 * LangGraph API's runs post the run). {@link WebhookBodies} asks every override first; an override answers only for
 * the tasks it owns.
 */
public interface WebhookBodyOverride {

    /** The JSON body for {@code task}, or empty when the task is not this override's. */
    Optional<String> bodyOf(Task task);
}
