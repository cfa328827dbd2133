package io.agentry.server.langgraph.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of LangGraph's run routes ({@code RunsCreatePayload} / {@code RunsStreamPayload} / {@code RunsWaitPayload}).
 * Read: {@code assistant_id}, {@code input.messages} (the last human message is sent), {@code metadata},
 * {@code stream_mode}, {@code webhook}, {@code multitask_strategy}, {@code on_completion}, {@code on_disconnect},
 * {@code after_seconds}, {@code if_not_exists}, {@code command} (refused: nothing to resume). Accepted and ignored:
 * {@code config}, {@code context}, {@code stream_subgraphs}, {@code stream_resumable} (every stream is resumable),
 * {@code interrupt_before}/{@code after}, {@code checkpoint}, {@code checkpoint_id}, {@code checkpoint_during},
 * {@code durability}, {@code feedback_keys}, {@code langsmith_tracer}, and fields unknown to this version.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RunBody(
        @JsonProperty("assistant_id") String assistantId,
        JsonNode input,
        JsonNode command,
        Map<String, Object> metadata,
        @JsonProperty("stream_mode") JsonNode streamMode,
        String webhook,
        @JsonProperty("multitask_strategy") String multitaskStrategy,
        @JsonProperty("on_completion") String onCompletion,
        @JsonProperty("on_disconnect") String onDisconnect,
        @JsonProperty("after_seconds") Double afterSeconds,
        @JsonProperty("if_not_exists") String ifNotExists) {
}
