package io.agentry.server.langgraph.threads;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A thread as the LangGraph SDK's {@code Thread} type has it. */
@Schema(description = "A LangGraph thread: an Agentry session with metadata")
record ThreadView(
        @Schema(description = "The thread's id, which is its session's id") @JsonProperty("thread_id") String threadId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("state_updated_at") String stateUpdatedAt,
        Map<String, Object> metadata,
        @Schema(description = "idle, busy (a run is pending or running), interrupted (a run waits for an approval) or error (its latest run failed)",
                allowableValues = {"idle", "busy", "interrupted", "error"})
        String status,
        @Schema(description = "{messages: [LangChain messages]}") Map<String, Object> values,
        @Schema(description = "Always {}: a run waiting for an approval shows its calls in its task (GET /tasks/{run_id})") Map<String, Object> interrupts) {
}
