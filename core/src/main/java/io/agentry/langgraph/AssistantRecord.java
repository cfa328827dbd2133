package io.agentry.langgraph;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of an assistant made through the LangGraph API: a configured agent ({@code graphId}) with overrides
 * in its config and context, owned by a user.
 *
 * @param configJson   the client's {@code config} object as JSON text
 * @param contextJson  the client's {@code context} as JSON text
 * @param metadataJson the client's metadata object as JSON text
 * @param createdAt    when the assistant (its first version) was made
 * @param updatedAt    when this version was made
 */
public record AssistantRecord(String assistantId, String userId, String graphId, int version, String name,
                              String description, String configJson, String contextJson, String metadataJson,
                              Instant createdAt, Instant updatedAt) {

    public AssistantRecord {
        Objects.requireNonNull(assistantId, "assistantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(graphId, "graphId");
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(contextJson, "contextJson");
        Objects.requireNonNull(metadataJson, "metadataJson");
    }

    /** This content as version {@code n}, made at {@code at}. */
    public AssistantRecord asVersion(int n, Instant at) {
        return new AssistantRecord(assistantId, userId, graphId, n, name, description, configJson, contextJson,
                metadataJson, createdAt, at);
    }
}
