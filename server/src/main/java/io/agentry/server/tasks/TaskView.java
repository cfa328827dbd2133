package io.agentry.server.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.queue.Task;
import io.agentry.run.RunStatus;
import io.agentry.server.runs.PendingApproval;
import io.agentry.server.runs.RunResponse;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(description = "A background task; fields without a value are left out")
public record TaskView(
        @Schema(description = "The task's id", example = "01a2423b-4bba-79a8-a3c6-22048f182da3")
        @JsonProperty("task_id") String taskId,
        @Schema(description = "Where the task is: queued, running, then one of completed, failed, cancelled (a retried "
                + "attempt goes back to queued; interrupted while tool calls wait for approval, then queued again)",
                allowableValues = {"queued", "running", "interrupted", "completed", "failed", "cancelled"},
                example = "queued")
        String status,
        @Schema(description = "The run response of the final attempt, once there is one", implementation = RunResponse.class)
        JsonNode result,
        @Schema(description = "Why the task failed or was cancelled, for a person", example = "Time limit exceeded")
        String error,
        @Schema(description = "Attempts started so far (a retriable failure is retried)", example = "1")
        int attempts,
        @Schema(description = "When the task was queued", example = "2026-12-04T18:05:11.994745Z")
        @JsonProperty("created_at") Instant createdAt,
        @Schema(description = "When its latest attempt started", example = "2026-12-04T18:05:12.030715Z")
        @JsonProperty("started_at") Instant startedAt,
        @Schema(description = "When it ended", example = "2026-12-04T18:05:12.101500Z")
        @JsonProperty("finished_at") Instant finishedAt,
        @Schema(description = "The agent that runs it", example = "default")
        String agent,
        @Schema(description = "The session the run belongs to", example = "01a2423b-4bba-7da9-bda1-af6bcfa7f027")
        @JsonProperty("session_id") String sessionId,
        @Schema(description = "Present (true) while a cancel asked of a running task has not taken effect yet", example = "true")
        @JsonProperty("cancel_requested") Boolean cancelRequested,
        @Schema(description = "The schedule that made the task, if one did", example = "01a2424f-0c1d-7e0b-9d5c-3f1a2b3c4d5e")
        @JsonProperty("schedule_id") String scheduleId,
        @Schema(description = "Only while interrupted: the tool calls that wait for approval (POST /tasks/{id}/resume)")
        @JsonProperty("pending_approval") PendingApproval pendingApproval) {

    public static TaskView of(Task task, JsonMapper json) {
        return new TaskView(task.taskId(), task.status().wireName(),
                task.resultJson() == null ? null : result(task.resultJson(), json), task.error(), task.attempts(),
                task.createdAt(), task.startedAt(), task.finishedAt(), task.request().agent(),
                task.request().sessionId(), task.cancelRequested() && !task.status().isTerminal() ? Boolean.TRUE : null,
                task.request().scheduleId(),
                task.status() == RunStatus.INTERRUPTED ? PendingApproval.of(task.interruption()) : null);
    }

    /**
     * The stored run response as a tree whose numbers keep their decimal form: read as doubles, money such as
     * {@code cost_usd} would be written back as {@code 6.405E-5} where the run answer said {@code 0.00006405}.
     */
    private static JsonNode result(String resultJson, JsonMapper json) {
        return json.readerFor(JsonNode.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readValue(resultJson);
    }
}
