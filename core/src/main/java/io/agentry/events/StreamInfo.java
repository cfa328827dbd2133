package io.agentry.events;

/**
 * What the log knows about a stream.
 *
 * @param owner    the user the stream belongs to: endpoints answer 404 to anybody else
 * @param lastId   the id of its latest event, 0 before the first
 * @param finished no event will be appended any more
 */
public record StreamInfo(String streamId, String owner, long lastId, boolean finished) {
}
