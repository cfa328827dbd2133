package io.agentry.server.tasks;

import io.agentry.queue.Task;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunMode;
import io.agentry.run.RunStatus;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.runs.EventStreamResponder;
import io.agentry.server.runs.RunCommand;
import io.agentry.server.runs.RunCommands;
import io.agentry.server.runs.RunRequest;
import io.agentry.server.runs.RunService;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.agentry.server.webhooks.WebhookProperties;
import io.agentry.server.webhooks.WebhookUrlPolicy;
import io.agentry.server.webhooks.WebhookUrls;
import io.agentry.util.Sha256;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Background runs: {@code POST /tasks} (202 and a {@code Location}), {@code GET /tasks/{id}},
 * {@code POST /tasks/{id}/cancel}, {@code GET /tasks}. Another user's task is indistinguishable from a
 * missing one (404).
 */
@RestController
@ConditionalOnApiRole
class TaskController {

    record Accepted(@com.fasterxml.jackson.annotation.JsonProperty("task_id") String taskId, String status) {
    }

    record TaskPage(List<TaskView> tasks, @com.fasterxml.jackson.annotation.JsonProperty("next_cursor") String nextCursor) {
    }

    private final TaskService tasks;
    private final RunCommands commands;
    private final RunService runs;
    private final WebhookUrlPolicy webhookPolicy;
    private final WebhookProperties webhooks;
    private final JsonMapper json;
    private final TaskEvents taskEvents;
    private final EventStreamResponder eventStreams;

    TaskController(TaskService tasks, RunCommands commands, RunService runs, WebhookUrlPolicy webhookPolicy,
                   WebhookProperties webhooks, JsonMapper json, TaskEvents taskEvents,
                   EventStreamResponder eventStreams) {
        this.taskEvents = taskEvents;
        this.eventStreams = eventStreams;
        this.tasks = tasks;
        this.commands = commands;
        this.runs = runs;
        this.webhookPolicy = webhookPolicy;
        this.webhooks = webhooks;
        this.json = json;
    }

    @Operation(summary = "Run the agent in the background")
    @PostMapping(path = "/tasks", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> submit(@Valid @RequestBody RunRequest request, Caller caller,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  jakarta.servlet.http.HttpServletResponse response) {
        if (Boolean.TRUE.equals(request.stream())) {
            throw ApiException.invalid("stream", "is not available for tasks: follow GET /tasks/{id}/events instead");
        }
        if (idempotencyKey != null && !validIdempotencyKey(idempotencyKey)) {
            throw ApiException.invalid("Idempotency-Key", "must be 1 to 200 visible ASCII characters");
        }
        if (idempotencyKey != null) {
            // a retry of an accepted request gets its task, even if the limits or budget would refuse it now
            String userId = caller.actingUser(request.userId());
            Optional<Task> earlier;
            try {
                earlier = tasks.earlierSubmission(userId, idempotencyKey, hash(userId, request));
            } catch (TaskService.IdempotencyConflictException e) {
                throw idempotencyConflict();
            }
            if (earlier.isPresent()) {
                return ResponseEntity.ok().location(URI.create("/tasks/" + earlier.get().taskId()))
                        .body(TaskView.of(earlier.get(), json));
            }
        }
        RunCommand admitted = commands.admit(request, caller, RunMode.TASK, response);
        String userId = admitted.userId();
        checkWebhook(request.webhookUrl());
        TaskRequest task = TaskRequest.builder(userId, admitted.message()).agent(runs.agentFor(admitted.agent()).name())
                .sessionId(admitted.sessionId()).maxTokens(admitted.maxTokens()).maxCostUsd(admitted.maxCostUsd())
                .metadataJson(request.metadata() == null ? null : json.writeValueAsString(request.metadata()))
                .webhookUrl(request.webhookUrl()).apiKey(admitted.apiKey()).build();
        TaskService.Submission submission;
        try {
            submission = tasks.submit(task, idempotencyKey, hash(userId, request));
        } catch (TaskService.IdempotencyConflictException e) {
            throw idempotencyConflict();
        }
        Task created = submission.task();
        URI location = URI.create("/tasks/" + created.taskId());
        if (!submission.created()) {
            return ResponseEntity.ok().location(location).body(TaskView.of(created, json));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location)
                .body(new Accepted(created.taskId(), created.status().wireName()));
    }

    @Operation(summary = "A background task's state and result")
    @GetMapping(path = "/tasks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskView get(@PathVariable String id, Caller caller) {
        return TaskView.of(visible(id, caller), json);
    }

    @Operation(summary = "Follow or replay a task's events",
            description = "Every attempt's events (run.started, token, tool.*, usage) after Last-Event-ID (all without "
                    + "it), live while the task is queued or running, then one terminal event with the final run response.")
    @GetMapping(path = "/tasks/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@PathVariable String id, Caller caller,
                @io.swagger.v3.oas.annotations.Parameter(in = io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER,
                        description = "resume after this event id")
                @RequestHeader(name = EventStreamResponder.LAST_EVENT_ID, required = false) String lastEventId,
                jakarta.servlet.http.HttpServletResponse response) {
        Task task = visible(id, caller);
        taskEvents.ensureFollowable(task);
        eventStreams.respond(id, "task", caller, lastEventId, response);
    }

    @Operation(summary = "Cancel a queued or running task (idempotent)")
    @PostMapping(path = "/tasks/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskView cancel(@PathVariable String id, Caller caller) {
        visible(id, caller);
        return TaskView.of(tasks.cancel(id).orElseThrow(() -> notFound(id)), json);
    }

    @Operation(summary = "The caller's tasks, newest first")
    @GetMapping(path = "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskPage list(Caller caller, @RequestParam(name = "user_id", required = false) String userId,
                  @RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
                  @RequestParam(required = false) String cursor) {
        String user = caller.actingUser(userId);
        RunStatus filter = null;
        if (status != null) {
            try {
                filter = RunStatus.fromWireName(status.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "must be one of queued, running, completed, failed, cancelled");
            }
        }
        int size = Page.limit(limit, Page.DEFAULT_LIMIT);
        Page<Task> page = Page.of(tasks.list(user, filter, Page.idCursor(cursor), size + 1), size);
        return new TaskPage(page.items().stream().map(t -> TaskView.of(t, json)).toList(), page.nextCursor(Task::taskId));
    }

    private Task visible(String id, Caller caller) {
        return tasks.find(id).filter(t -> caller.maySee(t.request().userId())).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No task " + id);
    }

    private void checkWebhook(String url) {
        WebhookUrls.check(url, webhooks, webhookPolicy);
    }

    static boolean validIdempotencyKey(String key) {
        return !key.isBlank() && key.length() <= 200 && key.chars().allMatch(c -> c > 32 && c < 127);
    }

    private static ApiException idempotencyConflict() {
        return ApiException.invalid("Idempotency-Key", "was already used with a different request");
    }

    /** Identifies a request for idempotency: same user and same body give the same hash. */
    private String hash(String userId, RunRequest request) {
        return Sha256.hex(userId + "\n" + json.writeValueAsString(request));
    }
}
