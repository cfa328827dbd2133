package io.agentry.server.langgraph.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.RunStates;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run as the LangGraph SDK's {@code Run} type has it. */
@Schema(description = "A LangGraph run: an Agentry background task of the same id")
record LangGraphRunView(
        @Schema(description = "The run's id, which is its task's id (GET /tasks/{id})") @JsonProperty("run_id") String runId,
        @JsonProperty("thread_id") String threadId,
        @JsonProperty("assistant_id") String assistantId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @Schema(allowableValues = {"pending", "running", "error", "success", "timeout", "interrupted"}) String status,
        Map<String, Object> metadata,
        @JsonProperty("multitask_strategy") String multitaskStrategy,
        @Schema(description = "What the run was asked to do: {input: {messages: [the message]}}") Map<String, Object> kwargs) {

    static LangGraphRunView of(RunStates.State state, LangGraphJson json) {
        var run = state.run();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "human");
        message.put("content", run.message());
        return new LangGraphRunView(run.runId(), run.threadId(), run.assistantId(), LangGraphJson.time(run.createdAt()),
                LangGraphJson.time(state.updatedAt()), state.status(), json.metadata(run.metadataJson()),
                run.multitaskStrategy(), Map.of("input", Map.of("messages", java.util.List.of(message))));
    }
}
