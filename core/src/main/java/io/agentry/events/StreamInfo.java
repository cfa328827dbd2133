package io.agentry.events;

import java.time.Instant;

/**
 * What the log knows about a stream.
 *
 * @param owner    the user the stream belongs to: endpoints answer 404 to anybody else
 * @param lastId   the id of its latest event, 0 before the first
 * @param finished no event will be appended any more
 * @param finishBy when its writer must have finished it, else it is presumed lost; null for no such time
 */
public record StreamInfo(String streamId, String owner, long lastId, boolean finished, Instant finishBy) {

    /** Whether the stream is still open at {@code now} although its writer should have finished it. */
    public boolean overdue(Instant now) {
        return !finished && finishBy != null && !now.isBefore(finishBy);
    }
}
