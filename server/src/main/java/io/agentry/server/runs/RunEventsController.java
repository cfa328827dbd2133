package io.agentry.server.runs;

import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /runs/{run_id}/events}: a streamed run's events again, from any replica. */
@RestController
@ConditionalOnApiRole
class RunEventsController {

    private final EventStreamResponder responder;

    RunEventsController(EventStreamResponder responder) {
        this.responder = responder;
    }

    @Operation(summary = "Follow or replay a streamed run's events",
            description = "The events of a run started with \"stream\": true, after Last-Event-ID (all without it): "
                    + "replayed, then live until the terminal event. 404 for an unknown run, another user's, a run "
                    + "that was not streamed, or one past the retention period.")
    @GetMapping(path = "/runs/{run_id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@PathVariable("run_id") String runId, Caller caller,
                @Parameter(in = ParameterIn.HEADER, description = "resume after this event id")
                @RequestHeader(name = EventStreamResponder.LAST_EVENT_ID, required = false) String lastEventId,
                HttpServletResponse response) {
        responder.respond(runId, "run", caller, lastEventId, response);
    }
}
