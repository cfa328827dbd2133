package io.agentry.server.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.queue.Task;
import java.time.Instant;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task as clients see it ({@code GET /tasks/{id}}, webhook payloads). {@code result} is the run
 * response of the final attempt, once there is one; {@code schedule_id} names the schedule that made the
 * task; absent fields are omitted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        @JsonProperty("task_id") String taskId,
        String status,
        JsonNode result,
        String error,
        int attempts,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        String agent,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("cancel_requested") Boolean cancelRequested,
        @JsonProperty("schedule_id") String scheduleId) {

    public static TaskView of(Task task, JsonMapper json) {
        return new TaskView(task.taskId(), task.status().wireName(),
                task.resultJson() == null ? null : result(task.resultJson(), json), task.error(), task.attempts(),
                task.createdAt(), task.startedAt(), task.finishedAt(), task.request().agent(),
                task.request().sessionId(), task.cancelRequested() && !task.status().isTerminal() ? Boolean.TRUE : null,
                task.request().scheduleId());
    }

    /**
     * The stored run response as a tree whose numbers keep their decimal form: read as doubles, money such as
     * {@code cost_usd} would be written back as {@code 6.405E-5} where the run answer said {@code 0.00006405}.
     */
    private static JsonNode result(String resultJson, JsonMapper json) {
        return json.readerFor(JsonNode.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(resultJson);
    }
}
