package io.agentry.store;

import dev.langchain4j.data.message.ChatMessage;
import java.time.Instant;

/**
 * A message as its session keeps it.
 *
 * @param id        its position: ids grow in the order messages were appended to the session (they are not
 *                  consecutive, and are unique within the store)
 * @param createdAt when it was appended
 */
public record SessionMessage(long id, ChatMessage message, Instant createdAt) {
}
