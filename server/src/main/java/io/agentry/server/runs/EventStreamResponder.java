package io.agentry.server.runs;

import io.agentry.events.EventLog;
import io.agentry.events.EventSubscription;
import io.agentry.events.StreamInfo;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Answers {@code GET .../events} for a run's or a task's stream: every event after {@code Last-Event-ID}
 * (all of them without it), replayed from the log and then live until the stream's terminal event, from
 * whichever replica the client reaches. A stream that does not exist, has passed its retention, or
 * belongs to a user the caller may not see is 404, before anything is streamed. Reading never affects the
 * run, with one exception: a run's stream still open past its finish-by time has lost its writer (the process
 * running the run died), and is ended with {@code run.failed} ({@link RunEvents#endLost}) when a client
 * follows it then, or while one does.
 */
@Component
public class EventStreamResponder {

    /** The header a reconnecting client names the last event it received in. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    /** What a stream's events look like, for the API documentation (an offline run's stream). */
    public static final String STREAM_EXAMPLE = """
            id: 1
            event: run.started
            data: {"run_id":"01a2423c-4354-7596-9cdf-aa6803ff8862","agent":"default","model":"offline"}

            id: 2
            event: token
            data: {"text":"17*23 = 391"}

            id: 3
            event: usage
            data: {"iteration":1,"model":"offline","call":{"input_tokens":195,"output_tokens":6,"cache_read_tokens":0,\
            "cache_write_tokens":0,"total_tokens":201},"total":{"input_tokens":195,"output_tokens":6,"cache_read_tokens":0,\
            "cache_write_tokens":0,"total_tokens":201},"cost_usd":0.0000312}

            id: 4
            event: run.completed
            data: {"content":"17*23 = 391","session_id":"01a2423c-435a-75f5-bb92-2bb1eb2b211b","iterations":1,\
            "tool_calls_made":[],"latency_ms":12,"success":true,"run_id":"01a2423c-4354-7596-9cdf-aa6803ff8862",\
            "status":"completed","error":null,"agent":"default","model":"offline","usage":{"input_tokens":195,\
            "output_tokens":6,"cache_read_tokens":0,"cache_write_tokens":0,"total_tokens":201},"cost_usd":0.0000312,\
            "cache_savings_usd":0}

            """;

    /** What the events of a stream are, for the API documentation. */
    public static final String STREAM_DESCRIPTION = "A server-sent event stream (text/event-stream): each event has an "
            + "increasing `id` (send the last one received as Last-Event-ID to resume), an `event` type and JSON `data`: "
            + "run.started {run_id, agent, model}; token {text}; tool.started {call_id, tool, arguments}; tool.finished "
            + "{call_id, tool, result, error, duration_ms}; usage {iteration, model, call, total, cost_usd}; then exactly "
            + "one of run.completed (the run response), run.failed or run.cancelled. Comment lines (: keep-alive) keep a "
            + "quiet connection open.";

    private final EventLog events;
    private final EventStreamer streamer;
    private final RunEvents runEvents;
    private final Clock clock;

    EventStreamResponder(EventLog events, EventStreamer streamer, RunEvents runEvents, Clock clock) {
        this.events = events;
        this.streamer = streamer;
        this.runEvents = runEvents;
        this.clock = clock;
    }

    /**
     * @param what        names the stream's owner in the 404 detail: {@code run} or {@code task}
     * @param lastEventId the {@code Last-Event-ID} header as received (null when absent)
     * @throws ApiException 404, 422 (a malformed Last-Event-ID) or 503 (the log is unreachable), before the
     *                      response is committed
     */
    public void respond(String streamId, String what, Caller caller, String lastEventId, HttpServletResponse response) {
        long afterId = parseLastEventId(lastEventId);
        StreamInfo stream;
        try {
            stream = events.describe(streamId).orElse(null);
        } catch (DataAccessException e) {
            throw EventStreamer.unreachable("look up", streamId, e);
        }
        if (stream == null || !caller.maySee(stream.owner())) {
            throw ApiException.notFound("No events found for " + what + " " + streamId
                    + " (unknown, not yours, or past the retention period)");
        }
        if (stream.overdue(clock.instant())) {
            runEvents.endLost(streamId);
        }
        EventSubscription subscription = streamer.subscribe(streamId, afterId);
        SseWriter out;
        try {
            out = new SseWriter(response);
        } catch (IOException e) {
            subscription.close();
            return;
        }
        streamer.pump(streamId, afterId, subscription, out, stream.finishBy());
    }

    static long parseLastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(header.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("Last-Event-ID", "must be the id of an event received earlier (a whole number)");
    }
}
