package io.agentry.server.tasks;

import io.agentry.approval.Decision;
import io.agentry.approval.PendingCall;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.run.RunStatus;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /tasks/{id}/resume}: a person's decisions on the tool calls an interrupted task waits for. Another
 * user's task is 404, like every task route; a task that is not interrupted is 409.
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Tasks")
class TaskApprovalController {

    /**
     * An operation extension naming what its examples need to be accepted (an example sent without it, with the
     * made-up id of the docs, is answered 404 once its body was found valid).
     */
    static final String EXAMPLES_NEED = "x-agentry-examples-need";
    private static final String NEEDS = "A task of the caller interrupted with such pending calls";

    private final TaskService tasks;
    private final JsonMapper json;

    TaskApprovalController(TaskService tasks, JsonMapper json) {
        this.tasks = tasks;
        this.json = json;
    }

    @Operation(operationId = "resumeTask", summary = "Approve or reject the tool calls an interrupted task waits for",
            description = "A task is interrupted when the model asks for a tool that needs approval (the agent's "
                    + "requires-approval): GET /tasks/{id} and its run.interrupted event list the calls. Give one decision "
                    + "per call: approve (optionally with edited arguments) or reject (with a reason the model is told). "
                    + "The task is queued again and its run continues where it stopped.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ResumeRequest.class),
                    examples = {
                            @ExampleObject(name = "approve", summary = "Approve the one pending call",
                                    description = NEEDS, value = ResumeRequest.EXAMPLE),
                            @ExampleObject(name = "edit-and-reject",
                                    summary = "Approve one call with edited arguments, reject another",
                                    description = NEEDS, value = ResumeRequest.EXAMPLE_EDITED)})),
            extensions = @Extension(properties = @ExtensionProperty(name = EXAMPLES_NEED, value = NEEDS)))
    @ApiResponse(responseCode = "200", description = "Resumed: the task, queued again", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TaskView.class)))
    @ProblemResponses(HttpStatus.CONFLICT)
    @PostMapping(path = "/tasks/{id}/resume", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    TaskView resume(@Parameter(description = "The task's id (task_id of POST /tasks, or of a POST /run that was interrupted)",
                            example = "01a2423b-4bba-79a8-a3c6-22048f182da3") @PathVariable String id,
                    @Valid @RequestBody ResumeRequest request, Caller caller) {
        Task task = tasks.find(id).filter(t -> caller.maySee(t.request().userId()))
                .orElseThrow(() -> ApiException.notFound("No task " + id));
        if (task.status() != RunStatus.INTERRUPTED) {
            throw notInterrupted(task);
        }
        List<Decision> decisions = decisions(task.interruption().calls(), request.decisions());
        if (tasks.resume(task, decisions) != TaskQueue.Resume.RESUMED) {
            throw notInterrupted(tasks.find(id).orElse(task));
        }
        return TaskView.of(tasks.find(id).orElse(task), json);
    }

    /** One decision per pending call, in the calls' order; 422 naming each decision that is wrong or missing. */
    private List<Decision> decisions(List<PendingCall> pending, List<ResumeRequest.DecisionBody> bodies) {
        Map<String, ResumeRequest.DecisionBody> byCall = new LinkedHashMap<>();
        List<ApiException.FieldError> errors = new ArrayList<>();
        Set<String> known = new HashSet<>();
        pending.forEach(call -> known.add(call.callId()));
        for (int i = 0; i < bodies.size(); i++) {
            ResumeRequest.DecisionBody body = bodies.get(i);
            String field = "decisions[" + i + "]";
            if (!known.contains(body.callId())) {
                errors.add(new ApiException.FieldError(field + ".call_id", "names no call this task waits for"));
            } else if (byCall.putIfAbsent(body.callId(), body) != null) {
                errors.add(new ApiException.FieldError(field + ".call_id", "is decided twice"));
            }
            if (body.decision().equals("reject") && body.arguments() != null) {
                errors.add(new ApiException.FieldError(field + ".arguments", "is for approve only"));
            }
            if (body.decision().equals("approve") && body.reason() != null) {
                errors.add(new ApiException.FieldError(field + ".reason", "is for reject only"));
            }
        }
        for (PendingCall call : pending) {
            if (!byCall.containsKey(call.callId())) {
                errors.add(new ApiException.FieldError("decisions", "has no decision for call " + call.callId()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<Decision> decisions = new ArrayList<>();
        for (PendingCall call : pending) {
            ResumeRequest.DecisionBody body = byCall.get(call.callId());
            decisions.add(body.decision().equals("reject") ? Decision.reject(call.callId(), body.reason())
                    : body.arguments() == null ? Decision.approve(call.callId())
                    : Decision.approveWith(call.callId(), json.writeValueAsString(body.arguments())));
        }
        return decisions;
    }

    private static ApiException notInterrupted(Task task) {
        return new ApiException(HttpStatus.CONFLICT, "not-interrupted", "Not Interrupted", "Task " + task.taskId()
                + " is " + task.status().wireName() + ", not interrupted: it waits for no decision", null, null);
    }
}
