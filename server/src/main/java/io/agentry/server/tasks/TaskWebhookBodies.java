package io.agentry.server.tasks;

import io.agentry.queue.Task;
import io.agentry.server.webhooks.WebhookBodies;
import io.agentry.server.webhooks.WebhookBodyOverride;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook delivers the finished task as {@code GET /tasks/{id}} shows it ({@link TaskView}), unless a
 * {@link WebhookBodyOverride} owns the task (one made through another API).
 */
@Component
class TaskWebhookBodies implements WebhookBodies {

    private final JsonMapper json;
    private final List<WebhookBodyOverride> overrides;

    TaskWebhookBodies(JsonMapper json, List<WebhookBodyOverride> overrides) {
        this.json = json;
        this.overrides = List.copyOf(overrides);
    }

    @Override
    public String bodyOf(Task task) {
        for (WebhookBodyOverride override : overrides) {
            Optional<String> body = override.bodyOf(task);
            if (body.isPresent()) {
                return body.get();
            }
        }
        return json.writeValueAsString(TaskView.of(task, json));
    }
}
