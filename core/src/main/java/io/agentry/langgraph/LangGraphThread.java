package io.agentry.langgraph;

import java.time.Instant;
import java.util.Objects;

/**
 * A LangGraph thread as Agentry keeps it beside the session of the same id: it exists from its creation (a
 * session only from its first message) and carries the client's metadata. Its messages are the session's.
 *
 * @param metadataJson the client's metadata, a JSON object as text ({@code {}} when none)
 */
public record LangGraphThread(String threadId, String userId, String metadataJson, Instant createdAt, Instant updatedAt) {

    public LangGraphThread {
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(metadataJson, "metadataJson");
    }
}
