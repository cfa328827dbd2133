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
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.server.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
 * Background runs: {@code POST /tasks} (202 with the task and a {@code Location}), {@code GET /tasks/{id}},
 * {@code POST /tasks/{id}/cancel}, {@code GET /tasks}. Another user's task is indistinguishable from a
 * missing one (404).
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Tasks", description = "Run an agent in the background: queue a run, follow it, read its result, cancel it")
class TaskController {

    @Schema(description = "One page of tasks, newest first")
    record TaskPage(
            @Schema(description = "The tasks of this page")
            List<TaskView> tasks,
            @Schema(description = "Pass as cursor to get the next page; null on the last page")
            @JsonProperty("next_cursor") String nextCursor) {
    }

    private static final String ID = "The task's id (task_id of POST /tasks)";
    private static final String ID_EXAMPLE = "01a2423b-4bba-79a8-a3c6-22048f182da3";

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

    @Operation(operationId = "createTask", summary = "Run the agent in the background",
            description = "Queues the run and answers at once (202) with the task; its result comes with GET /tasks/{id}, "
                    + "its events with GET /tasks/{id}/events, and at webhook_url when given. With an Idempotency-Key "
                    + "already used by this user for the same body, nothing is queued: the answer is 200 with that task.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RunRequest.class),
                    examples = {
                            @ExampleObject(name = "message", summary = "A message for a user",
                                    description = RunRequest.EXAMPLE_NOTE, value = RunRequest.EXAMPLE),
                            @ExampleObject(name = "budget", summary = "With a budget and metadata",
                                    description = RunRequest.EXAMPLE_NOTE,
                                    value = RunRequest.EXAMPLE_WITH_BUDGET)})))
    @ApiResponse(responseCode = "202", description = "Queued: the new task", headers = @Header(name = "Location",
            description = "The task's URL", schema = @Schema(type = "string", example = "/tasks/" + ID_EXAMPLE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TaskView.class)))
    @ApiResponse(responseCode = "200", description = "A retry: the task this Idempotency-Key was first used for",
            headers = @Header(name = "Location", description = "The task's URL", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TaskView.class)))
    @ProblemResponses({HttpStatus.FORBIDDEN, HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE})
    @PostMapping(path = "/tasks", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> submit(@Valid @RequestBody RunRequest request, Caller caller,
                                    @Parameter(description = "Makes retrying safe: a second POST with the same key and "
                                            + "body gets the first task instead of a new one (1 to 200 visible ASCII "
                                            + "characters; the same key with another body is 422)")
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
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location).body(TaskView.of(created, json));
    }

    @Operation(operationId = "getTask", summary = "A background task's state and result")
    @GetMapping(path = "/tasks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskView get(@Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id, Caller caller) {
        return TaskView.of(visible(id, caller), json);
    }

    @Operation(operationId = "streamTaskEvents", summary = "Follow or replay a task's events",
            description = "Every attempt's events (run.started, token, tool.*, usage) after Last-Event-ID (all without "
                    + "it), live while the task is queued or running (an interrupted task gets run.interrupted, and "
                    + "the stream goes on when it is resumed), then one terminal event with the final run response, "
                    + "when the stream ends.")
    @ApiResponse(responseCode = "200", description = "The task's events, until its terminal event", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
            description = EventStreamResponder.STREAM_DESCRIPTION, example = EventStreamResponder.STREAM_EXAMPLE)))
    @ProblemResponses(HttpStatus.SERVICE_UNAVAILABLE)
    @GetMapping(path = "/tasks/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id, Caller caller,
                @Parameter(in = io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER,
                        description = "Resume after this event id: the id of the last event received")
                @RequestHeader(name = EventStreamResponder.LAST_EVENT_ID, required = false) String lastEventId,
                jakarta.servlet.http.HttpServletResponse response) {
        Task task = visible(id, caller);
        taskEvents.ensureFollowable(task);
        eventStreams.respond(id, "task", caller, lastEventId, response);
    }

    @Operation(operationId = "cancelTask", summary = "Cancel a queued, interrupted or running task (idempotent)",
            description = "A queued or interrupted task is cancelled at once; a running one is asked to stop (cancel_requested) and "
                    + "ends cancelled shortly after. A task that has ended is answered as it is.")
    @PostMapping(path = "/tasks/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskView cancel(@Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id, Caller caller) {
        visible(id, caller);
        return TaskView.of(tasks.cancel(id).orElseThrow(() -> notFound(id)), json);
    }

    @Operation(operationId = "listTasks", summary = "The caller's tasks, newest first")
    @GetMapping(path = "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    TaskPage list(Caller caller,
                  @Parameter(description = "Whose tasks: required with a service key, implied by a bound key", example = "alice")
                  @RequestParam(name = "user_id", required = false) String userId,
                  @Parameter(description = "Only tasks in this status", schema = @Schema(type = "string",
                          allowableValues = {"queued", "running", "interrupted", "completed", "failed", "cancelled"}))
                  @RequestParam(required = false) String status,
                  @Parameter(description = "Tasks per page, 1 to 100 (default 20)", example = "20")
                  @RequestParam(required = false) Integer limit,
                  @Parameter(description = "next_cursor of the previous page; the first page when absent")
                  @RequestParam(required = false) String cursor) {
        String user = caller.actingUser(userId);
        RunStatus filter = null;
        if (status != null) {
            try {
                filter = RunStatus.fromWireName(status.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "must be one of queued, running, interrupted, completed, failed, cancelled");
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
