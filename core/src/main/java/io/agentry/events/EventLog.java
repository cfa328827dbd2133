package io.agentry.events;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Ordered, replayable event streams, one per run or background task (the stream id is the run id or the
 * task id). A writer opens a stream for its owner, appends events — each gets the next id of its stream,
 * starting at 1 — and ends it with {@link #appendFinal}. Readers read pages after an id or
 * {@link #subscribe follow} the stream live. A stream is kept for the log's retention period after its
 * latest write, then forgotten as if it never existed.
 *
 * <p>Implementations are safe for concurrent use; {@code append} never waits for readers. Backends:
 * in-process ({@link InMemoryEventLog}) and Redis Streams (distributed mode); both pass
 * {@code EventLogContract}.
 */
public interface EventLog {

    /**
     * Creates the stream for {@code ownerUserId}, or does nothing if it exists for that owner.
     *
     * @param finishBy when the writer must have finished the stream: a stream still open after that has lost
     *                 its writer (its process died), and a reader may finish it. Null for none. Kept from the
     *                 stream's creation; opening it again does not change it
     * @throws IllegalStateException if it exists for another owner
     */
    void open(String streamId, String ownerUserId, Instant finishBy);

    /** {@link #open(String, String, Instant)} without a time to finish by. */
    default void open(String streamId, String ownerUserId) {
        open(streamId, ownerUserId, null);
    }

    /**
     * Adds an event and, if {@code last}, finishes the stream with it, atomically; returns its id.
     *
     * @throws IllegalStateException if the stream was not opened (or has expired) or is finished
     */
    long append(String streamId, String type, String data, boolean last);

    /** Adds an event; returns its id. */
    default long append(String streamId, String type, String data) {
        return append(streamId, type, data, false);
    }

    /** Adds the stream's last event and finishes the stream; returns its id. */
    default long appendFinal(String streamId, String type, String data) {
        return append(streamId, type, data, true);
    }

    /** The stream's owner and progress; empty for a stream never opened or past its retention. */
    Optional<StreamInfo> describe(String streamId);

    /** Up to {@code limit} events with ids greater than {@code afterId}, oldest first. */
    EventPage read(String streamId, long afterId, int limit);

    /**
     * Follows the stream from the first event after {@code afterId} (0 for the whole stream).
     *
     * @param bufferSize live events held for this subscriber before it is dropped; at least 1
     */
    EventSubscription subscribe(String streamId, long afterId, int bufferSize);

    /**
     * Forgets, at once and as if their retention had passed, those of the streams that belong to
     * {@code ownerUserId} (others are left alone); returns how many it forgot. A stream still being written is
     * forgotten too: its writer's next append fails as for a stream never opened. For erasing a user's data.
     */
    int delete(String ownerUserId, Collection<String> streamIds);
}
