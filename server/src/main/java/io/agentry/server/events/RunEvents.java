package io.agentry.server.events;

import io.agentry.events.EventLog;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entry point for writing run events: opens a run's or a background task's event stream and hands
 * out the {@link RunEventRecorder} that fills it.
 */
@Component
public class RunEvents {

    private final EventLog log;
    private final JsonMapper json;

    public RunEvents(EventLog log, JsonMapper json) {
        this.log = log;
        this.json = json;
    }

    /**
     * Opens the stream {@code streamId} (a run id or a task id) for {@code ownerUserId} — from then on
     * {@code GET .../events} finds it for that user (and 404s for others) — and returns its recorder.
     * Opening an existing stream of the same owner again is harmless, so a task may open its stream when
     * it is accepted and each attempt may open it again.
     *
     * @throws IllegalStateException if the stream belongs to another user
     * @throws org.springframework.dao.DataAccessException if Redis is unreachable (distributed mode)
     */
    public RunEventRecorder open(String streamId, String ownerUserId) {
        log.open(streamId, ownerUserId);
        return new RunEventRecorder(log, json, streamId);
    }
}
