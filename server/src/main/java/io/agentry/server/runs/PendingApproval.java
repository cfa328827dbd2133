package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.approval.Interruption;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * The tool calls a run stopped for, as clients see them: in the run response of a {@code POST /run} that stopped, in
 * the task ({@code GET /tasks/{id}}) and in its {@code run.interrupted} event. Decide on them with
 * {@code POST /tasks/{id}/resume}.
 */
@Schema(description = "Tool calls that wait for a person's approval; decide with POST /tasks/{id}/resume")
public record PendingApproval(
        @Schema(description = "The calls that wait, in the order the model asked for them")
        List<Call> calls,
        @Schema(description = "When the approval times out (then the agent's on-approval-timeout applies)",
                example = "2026-12-07T21:05:11.994745Z")
        @JsonProperty("expires_at") Instant expiresAt) {

    @Schema(description = "One tool call that waits")
    public record Call(
            @Schema(description = "The call's id: name it in the decision", example = "call_command_1")
            @JsonProperty("call_id") String callId,
            @Schema(description = "The tool, as the model named it", example = "refund")
            String tool,
            @Schema(description = "The arguments the model gave (a JSON object; a string when the model's text is not JSON)",
                    example = "{\"order\": \"A-17\", \"amount\": 25}")
            JsonNode arguments) {
    }

    /** Reads the models' argument texts; reading a tree needs none of the application's settings. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static PendingApproval of(Interruption interruption) {
        return new PendingApproval(interruption.calls().stream()
                .map(c -> new Call(c.callId(), c.tool(), arguments(c.arguments()))).toList(),
                interruption.deadline());
    }

    private static JsonNode arguments(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return StringNode.valueOf(text);
        }
    }
}
