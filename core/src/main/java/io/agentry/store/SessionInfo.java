package io.agentry.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A session as listings show it.
 *
 * @param createdAt    when its first message was stored
 * @param updatedAt    when a message was last added to it
 * @param messageCount how many messages it holds
 */
public record SessionInfo(String sessionId, String userId, Instant createdAt, Instant updatedAt, long messageCount) {

    /**
     * Where a session stands in a listing, newest first: by {@code createdAt}, then by id. A page after a position
     * holds the sessions that come after it, whether or not the session at that position still exists.
     */
    public record Position(Instant createdAt, String sessionId) {
        public Position {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    public Position position() {
        return new Position(createdAt, sessionId);
    }
}
