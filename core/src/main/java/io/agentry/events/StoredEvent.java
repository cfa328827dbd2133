package io.agentry.events;

import java.util.Objects;

/**
 * One event of a stream as the log keeps it.
 *
 * @param id   the event's sequence number in its stream: 1 for the first event, then +1 for each next one
 *             (used as the SSE {@code id})
 * @param type the event's name (SSE {@code event}), e.g. {@code token}
 * @param data the event's payload, a JSON document on one line
 */
public record StoredEvent(long id, String type, String data) {

    public StoredEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
