package io.agentry.server.runs;

import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.agentry.server.web.ProblemResponses;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /runs/{run_id}/events}: a streamed run's events again, from any replica. */
@RestController
@ConditionalOnApiRole
@Tag(name = "Runs")
class RunEventsController {

    private final EventStreamResponder responder;

    RunEventsController(EventStreamResponder responder) {
        this.responder = responder;
    }

    @Operation(operationId = "streamRunEvents", summary = "Follow or replay a streamed run's events",
            description = "The events of a run started with \"stream\": true, after Last-Event-ID (all without it): "
                    + "replayed, then live until the terminal event, when the stream ends. 404 for an unknown run, "
                    + "another user's, a run that was not streamed, or one past the retention period.")
    @ApiResponse(responseCode = "200", description = "The run's events, until its terminal event", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
            description = EventStreamResponder.STREAM_DESCRIPTION, example = EventStreamResponder.STREAM_EXAMPLE)))
    @ProblemResponses(HttpStatus.SERVICE_UNAVAILABLE)
    @GetMapping(path = "/runs/{run_id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@Parameter(description = "The run's id (run_id of its run.started event or of its answer)",
                        example = "01a2423c-4354-7596-9cdf-aa6803ff8862")
                @PathVariable("run_id") String runId, Caller caller,
                @Parameter(in = ParameterIn.HEADER, description = "Resume after this event id: the id of the last "
                        + "event received")
                @RequestHeader(name = EventStreamResponder.LAST_EVENT_ID, required = false) String lastEventId,
                HttpServletResponse response) {
        responder.respond(runId, "run", caller, lastEventId, response);
    }
}
