package io.agentry.server.langgraph.runs;

import io.agentry.langgraph.ThreadStore;
import io.agentry.queue.Task;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.RunStates;
import io.agentry.server.langgraph.ThreadValues;
import io.agentry.server.webhooks.WebhookBodyOverride;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook of a LangGraph run posts the run as LangGraph's API shows it ({@code run_id}, {@code thread_id},
 * {@code status} success / error / timeout / interrupted, {@code metadata}, ...) with the thread's {@code values}
 * after it, signed like every Agentry webhook. Exists in every role: whichever process delivers the webhook renders it.
 */
@Component
class LangGraphWebhookBodies implements WebhookBodyOverride {

    private final ThreadStore store;
    private final ThreadValues values;
    private final LangGraphJson json;
    private final JsonMapper mapper;

    LangGraphWebhookBodies(ThreadStore store, ThreadValues values, LangGraphJson json, JsonMapper mapper) {
        this.store = store;
        this.values = values;
        this.json = json;
        this.mapper = mapper;
    }

    @Override
    public Optional<String> bodyOf(Task task) {
        return store.findRun(task.taskId()).map(run -> {
            LangGraphRunView view = LangGraphRunView.of(new RunStates.State(run, Optional.of(task), false), json);
            @SuppressWarnings("unchecked")
            Map<String, Object> body = new LinkedHashMap<>(mapper.convertValue(view, Map.class));
            body.put("values", values.of(run.threadId()));
            if (task.error() != null) {
                body.put("error", task.error());
            }
            return mapper.writeValueAsString(body);
        });
    }
}
