package io.agentry.server.runs;

import io.agentry.agent.Cancellation;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunMode;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /run}: run the agent and answer when it is done, or stream the run as it happens. */
@RestController
@ConditionalOnApiRole
class RunController {

    private final RunService runs;
    private final RunCommands commands;
    private final StreamedRuns streamedRuns;

    RunController(RunService runs, RunCommands commands, StreamedRuns streamedRuns) {
        this.runs = runs;
        this.commands = commands;
        this.streamedRuns = streamedRuns;
    }

    @Operation(summary = "Run the agent", description = "Answers the run response when the run is done; with "
            + "\"stream\": true or Accept: text/event-stream, a server-sent event stream of the run instead.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RunResponse.class)),
            @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                    description = "run.started, token, tool.started, tool.finished, usage, then one of "
                            + "run.completed, run.failed, run.cancelled; each with an increasing id"))})
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
        return RunResponse.of(runs.run(command, RunEventListener.NONE, new Cancellation()));
    }

    /** An Accept header that names text/event-stream itself (not through a wildcard). */
    static boolean asksForEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream().anyMatch(type -> type.getQualityValue() > 0
                    && MediaType.TEXT_EVENT_STREAM.equalsTypeAndSubtype(type));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
