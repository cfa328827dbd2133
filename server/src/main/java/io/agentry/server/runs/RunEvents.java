package io.agentry.server.runs;

import io.agentry.events.EventLog;
import io.agentry.run.RunStatus;
import java.time.Instant;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entry point for writing run events: opens a run's or a background task's event stream and hands
 * out the {@link RunEventRecorder} that fills it.
 */
@Component
public class RunEvents {

    /** The error of a run whose stream was ended by a follower. */
    public static final String LOST = "The run was lost: the server running it stopped before it ended";

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
        return open(streamId, ownerUserId, null);
    }

    /**
     * As {@link #open(String, String)}, for a run that is presumed lost if it has not ended by {@code finishBy}:
     * after that a follower may end its stream ({@link #endLost}).
     */
    public RunEventRecorder open(String streamId, String ownerUserId, Instant finishBy) {
        log.open(streamId, ownerUserId, finishBy);
        return new RunEventRecorder(log, json, streamId);
    }

    /**
     * Ends a stream whose writer is presumed lost (still open past its finish-by time: the process running the
     * run died) with {@code run.failed}, so that its followers are not kept waiting for good. Harmless if the
     * writer, or another follower, ends it first.
     */
    public void endLost(String streamId) {
        new RunEventRecorder(log, json, streamId).end(RunStatus.FAILED, null, LOST);
    }
}
