package io.agentry.server.tasks;

import io.agentry.queue.Task;
import io.agentry.server.webhooks.WebhookBodies;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A webhook delivers the finished task as {@code GET /tasks/{id}} shows it ({@link TaskView}). */
@Component
class TaskWebhookBodies implements WebhookBodies {

    private final JsonMapper json;

    TaskWebhookBodies(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String bodyOf(Task task) {
        return json.writeValueAsString(TaskView.of(task, json));
    }
}
