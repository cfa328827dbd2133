package io.agentry.events;

import java.util.List;

/**
 * Events read from a stream, oldest first.
 *
 * @param finished no event will ever follow the last of {@code events}: the stream is finished and this
 *                 page reaches its end (also true for a stream that does not exist)
 */
public record EventPage(List<StoredEvent> events, boolean finished) {

    public EventPage {
        events = List.copyOf(events);
    }
}
