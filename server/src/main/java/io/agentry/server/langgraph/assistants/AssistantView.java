package io.agentry.server.langgraph.assistants;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** An assistant as the LangGraph SDK's {@code Assistant} type has it. */
@Schema(description = "A LangGraph assistant: an Agentry agent (graph_id is the agent's name)")
record AssistantView(
        @Schema(description = "The assistant's id; for a configured agent a name-based UUID that never changes")
        @JsonProperty("assistant_id") String assistantId,
        @Schema(description = "The agent's name", example = "default")
        @JsonProperty("graph_id") String graphId,
        @Schema(description = "Always {configurable: {}} for a configured agent")
        Map<String, Object> config,
        @Schema(description = "Always {} for a configured agent")
        Object context,
        @Schema(description = "When the server started (configured agents are made at start)")
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @Schema(description = "{created_by: system} for a configured agent")
        Map<String, Object> metadata,
        @Schema(description = "1 for a configured agent")
        int version,
        @Schema(description = "The agent's name")
        String name,
        String description) {
}
