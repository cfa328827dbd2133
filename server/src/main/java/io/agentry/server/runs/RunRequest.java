package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Map;

/** Body of {@code POST /run} and of {@code POST /tasks} ({@code webhook_url} is for tasks only). */
public record RunRequest(
        @Schema(description = "The user's message", example = "what is 17*23?")
        @NotBlank @Size(max = 10_000) String message,
        @Schema(description = "The user the run is for; required with a service key, optional with a bound key")
        @JsonProperty("user_id") @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String userId,
        @Schema(description = "Continue this session; a new one is started when absent")
        @JsonProperty("session_id") @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9._:@-]+", message = "may contain only letters, digits and . _ : @ -") String sessionId,
        @Schema(description = "Answer as a server-sent event stream (so does an Accept: text/event-stream header)") Boolean stream,
        @Schema(description = "Streaming only: what a client disconnecting does to its run: cancel it (the default) "
                + "or let it continue, be recorded and stay resumable at GET /runs/{run_id}/events",
                allowableValues = {"cancel", "continue"})
        @JsonProperty("on_disconnect") @Pattern(regexp = "cancel|continue", message = "must be cancel or continue") String onDisconnect,
        @Schema(description = "Agent to run; the default agent when absent") @Size(max = 100) String agent,
        @Valid Budget budget,
        @Schema(description = "Free-form data kept with the request") Map<String, Object> metadata,
        @Schema(description = "POST /tasks only: receives the final task JSON, signed (see README)")
        @JsonProperty("webhook_url") @Size(max = 2000) String webhookUrl) {

    /**
     * Caps that may only lower the agent's own. With {@code refuse_over_estimate}, the run is refused
     * before it starts (422, type {@code estimate-over-budget}) when its estimated cost (the point
     * estimate of {@code POST /estimate}) exceeds its USD cap.
     */
    public record Budget(
            @JsonProperty("max_tokens") @Positive Long maxTokens,
            @JsonProperty("max_cost_usd") @DecimalMin(value = "0", inclusive = false) BigDecimal maxCostUsd,
            @Schema(description = "Refuse the run before it starts when its estimated cost exceeds its USD cap")
            @JsonProperty("refuse_over_estimate") Boolean refuseOverEstimate) {
    }

    boolean refuseOverEstimate() {
        return budget != null && Boolean.TRUE.equals(budget.refuseOverEstimate());
    }

    /** Whether the run goes on when its streaming client disconnects. */
    boolean continueOnDisconnect() {
        return "continue".equals(onDisconnect);
    }

    Long maxTokens() {
        return budget == null ? null : budget.maxTokens();
    }

    BigDecimal maxCostUsd() {
        return budget == null ? null : budget.maxCostUsd();
    }
}
