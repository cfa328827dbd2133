package io.agentry.server.runs;

import io.agentry.events.EventLog;
import io.agentry.run.RunEvent;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunStatus;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one run's (or one background task's) events to its stream in the {@link EventLog}: pass it to
 * {@code RunService.run} as the listener, then end the stream with {@link #finish} or {@link #end}.
 * Get one from {@link RunEvents}.
 *
 * <p>Contract: {@link #onEvent} appends {@code run.started}, {@code token}, {@code tool.started},
 * {@code tool.finished} and {@code usage} as they happen; it ignores the loop's own terminal event,
 * because the stream's terminal event must carry the full run response, which exists only once the run
 * is recorded and its session extended: {@link #finish} writes it then, so a client that sees
 * {@code run.completed} can send the session's next message at once. Until {@code finish} or
 * {@code end}, followers of the stream wait, so a task that retries keeps one stream for all its
 * attempts (each attempt starts with its own {@code run.started}) and ends it once.
 *
 * <p>Never throws from {@link #onEvent} (it runs on the run's thread): a failing log loses events, which is
 * logged once per stream, but never fails or slows the run beyond the append itself.
 */
public final class RunEventRecorder implements RunEventListener {

    private static final Logger log = LoggerFactory.getLogger(RunEventRecorder.class);

    private final EventLog events;
    private final JsonMapper json;
    private final String streamId;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    RunEventRecorder(EventLog events, JsonMapper json, String streamId) {
        this.events = events;
        this.json = json;
        this.streamId = streamId;
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event.isTerminal()) {
            return;
        }
        try {
            events.append(streamId, event.type(), json.writeValueAsString(RunEventPayloads.of(event)));
        } catch (RuntimeException e) {
            if (failureLogged.compareAndSet(false, true)) {
                log.error("events of stream {} are being lost: {} failed", streamId, event.type(), e);
            }
        }
    }

    /**
     * Ends the stream with the run's terminal event — {@code run.completed}, {@code run.failed} or
     * {@code run.cancelled} by the run's status — carrying the run response (as {@code POST /run} answers it).
     */
    public void finish(RunOutcome outcome) {
        write(outcome.result().status(), RunResponse.of(outcome));
    }

    /**
     * Ends the stream with the terminal event of a run (or task) that ended with {@code status}:
     * {@code run.completed}, {@code run.failed} or {@code run.cancelled}. Its data is
     * {@code runResponseJson} when there is one (a {@link RunResponse} as JSON, e.g. a task's stored
     * result), else {@code {status, success: false, error}}.
     *
     * @param error shown to the client as is: say what happened, never why internally
     * @throws IllegalArgumentException for a status that is not terminal
     */
    public void end(RunStatus status, String runResponseJson, String error) {
        if (runResponseJson != null) {
            append(status, runResponseJson);
        } else {
            write(status, new RunEventPayloads.Ended(status.wireName(), false, error));
        }
    }

    /**
     * Appends {@code run.interrupted} to a background task's stream without ending it: the task waits for approval
     * (the payload says of what) and its stream goes on when it is resumed. A run's own stream ({@code POST /run})
     * ends with {@code run.interrupted} instead, through {@link #finish}.
     */
    public void interrupted(Object payload) {
        try {
            events.append(streamId, "run.interrupted", json.writeValueAsString(payload));
        } catch (RuntimeException e) {
            log.error("could not append run.interrupted to stream {}", streamId, e);
        }
    }

    private void write(RunStatus status, Object payload) {
        append(status, json.writeValueAsString(payload));
    }

    private void append(RunStatus status, String data) {
        String type = switch (status) {
            case COMPLETED -> "run.completed";
            case FAILED -> "run.failed";
            case CANCELLED -> "run.cancelled";
            case INTERRUPTED -> "run.interrupted";
            default -> throw new IllegalArgumentException("a stream ends with a terminal status, not " + status);
        };
        try {
            events.appendFinal(streamId, type, data);
        } catch (IllegalStateException e) {
            // the log refused: the stream is already finished (a reader of a task that had just ended finished it
            // from the task's row) or no longer open; followers are served either way
            log.warn("event stream {} not ended with {}: {}", streamId, type, e.getMessage());
        } catch (RuntimeException e) {
            log.error("could not end event stream {} with {}", streamId, type, e);
        }
    }
}
