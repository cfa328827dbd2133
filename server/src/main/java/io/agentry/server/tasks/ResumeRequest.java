package io.agentry.server.tasks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /tasks/{id}/resume}: one decision for each tool call the task waits for. */
@Schema(description = "A decision for every tool call the task waits for")
record ResumeRequest(
        @Schema(description = "One decision per pending call (pending_approval.calls of the task), none left out")
        @NotEmpty @Size(max = 128) List<@Valid DecisionBody> decisions) {

    static final String EXAMPLE = """
            {"decisions": [{"call_id": "call_command_1", "decision": "approve"}]}""";
    static final String EXAMPLE_EDITED = """
            {"decisions": [{"call_id": "call_command_1", "decision": "approve", "arguments": {"amount": 20}},
                           {"call_id": "call_command_2", "decision": "reject", "reason": "Refunds over $100 need a manager"}]}""";

    @Schema(description = "What to do with one pending tool call")
    record DecisionBody(
            @Schema(description = "The call's id, as pending_approval.calls[].call_id names it", example = "call_command_1")
            @JsonProperty("call_id") @NotBlank @Size(max = 200) String callId,
            @Schema(description = "approve: run the call (with arguments when given, else the model's); reject: do not run "
                    + "it, the model is told so with the reason", allowableValues = {"approve", "reject"}, example = "approve")
            @NotBlank @Pattern(regexp = "approve|reject", message = "must be approve or reject") String decision,
            @Schema(description = "approve only: the arguments to run the call with instead of the model's (a JSON object)",
                    example = "{\"amount\": 20}")
            Map<String, Object> arguments,
            @Schema(description = "reject only: why, for the model (up to 2,000 characters)",
                    example = "Refunds over $100 need a manager")
            @Size(max = 2_000) String reason) {
    }
}
