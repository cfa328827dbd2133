package io.agentry.server.runs;

import io.agentry.agent.Cancellation;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunMode;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.agentry.server.web.ProblemResponses;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /run}: run the agent and answer when it is done, or stream the run as it happens. */
@RestController
@ConditionalOnApiRole
@Tag(name = "Runs", description = "Run an agent now: wait for its answer, or follow it as a stream of events")
class RunController {

    private final RunService runs;
    private final RunCommands commands;
    private final StreamedRuns streamedRuns;

    RunController(RunService runs, RunCommands commands, StreamedRuns streamedRuns) {
        this.runs = runs;
        this.commands = commands;
        this.streamedRuns = streamedRuns;
    }

    @Operation(operationId = "runAgent", summary = "Run the agent and wait for its answer",
            description = "Answers the run response when the run is done. With \"stream\": true, or an Accept header "
                    + "that prefers text/event-stream to application/json, the answer is instead a server-sent event "
                    + "stream of the run (read it with an SSE client; see GET /runs/{run_id}/events to resume it).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RunRequest.class),
                    examples = {
                            @ExampleObject(name = "message", summary = "A message for a user",
                                    description = RunRequest.EXAMPLE_NOTE, value = RunRequest.EXAMPLE),
                            @ExampleObject(name = "budget", summary = "With a budget and metadata",
                                    description = RunRequest.EXAMPLE_NOTE,
                                    value = RunRequest.EXAMPLE_WITH_BUDGET)})))
    @ApiResponse(responseCode = "200", description = "The run is over (success tells whether it produced an answer)",
            headers = {
                    @Header(name = "RateLimit-Policy", description = "The rate limits that apply, when limits are on",
                            schema = @Schema(type = "string", example = "\"user\";q=10;w=60")),
                    @Header(name = "RateLimit", description = "What is left of each limit, when limits are on",
                            schema = @Schema(type = "string", example = "\"user\";r=9;t=60"))},
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RunResponse.class)),
                    @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                            description = EventStreamResponder.STREAM_DESCRIPTION, example = EventStreamResponder.STREAM_EXAMPLE))})
    @ApiResponse(responseCode = "202", description = "The run stopped before a tool call that needs approval (status "
            + "interrupted): task_id names the task that continues it once decided (POST /tasks/{id}/resume), "
            + "pending_approval lists the calls", headers = @Header(name = "Location", description = "The task's URL",
            schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RunResponse.class)))
    @ProblemResponses({HttpStatus.FORBIDDEN, HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE})
    @PostMapping(path = "/run", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    RunResponse run(@Valid @RequestBody RunRequest request, Caller caller,
                    @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                    HttpServletResponse response) {
        if (request.webhookUrl() != null) {
            throw ApiException.invalid("webhook_url", "is only accepted by POST /tasks");
        }
        if (Boolean.TRUE.equals(request.stream()) || asksForEventStream(accept)) {
            streamedRuns.stream(commands.admit(request, caller, RunMode.STREAM, response), request.continueOnDisconnect(), response);
            // the response has been written as an event stream
            return null;
        }
        RunCommand command = commands.admit(request, caller, RunMode.SYNC, response);
        RunOutcome outcome = runs.run(command, RunEventListener.NONE, new Cancellation());
        if (outcome.continuedBy() != null) {
            // stopped for approval: not done, and continued by a task
            response.setStatus(HttpStatus.ACCEPTED.value());
            response.setHeader(HttpHeaders.LOCATION, "/tasks/" + outcome.continuedBy());
        }
        return RunResponse.of(outcome);
    }

    /**
     * An Accept header that prefers text/event-stream, named itself (not through a wildcard), to JSON: of the
     * types it accepts, the one with the highest quality (the first listed among equals) that is either, is
     * text/event-stream. So {@code Accept: text/event-stream} streams, and a generated client's
     * {@code Accept: application/json, text/event-stream, application/problem+json} gets the JSON answer.
     */
    static boolean asksForEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        MediaType preferred = null;
        for (MediaType type : types) {
            boolean stream = MediaType.TEXT_EVENT_STREAM.equalsTypeAndSubtype(type);
            boolean json = type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType();
            if ((stream || json) && type.getQualityValue() > 0
                    && (preferred == null || type.getQualityValue() > preferred.getQualityValue())) {
                preferred = type;
            }
        }
        return preferred != null && MediaType.TEXT_EVENT_STREAM.equalsTypeAndSubtype(preferred);
    }
}
