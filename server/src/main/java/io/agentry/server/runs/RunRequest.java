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

/**
 * Body of {@code POST /run}, {@code POST /tasks} and {@code POST /estimate} ({@code webhook_url} is for tasks
 * only). The examples are the ones the API documentation offers; a test sends each of them.
 */
@Schema(description = "What to run: a message for an agent, for a user")
public record RunRequest(
        @Schema(description = "The user's message (1 to 10,000 characters)", example = "What is 17 * 23?")
        @NotBlank @Size(max = 10_000) String message,
        @Schema(description = "The user the run is for; required with a service key, optional with a bound key",
                example = "alice")
        @JsonProperty("user_id") @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String userId,
        @Schema(description = "Continue this session (its history is sent to the model); a new one is started when "
                + "absent, and its id is in the answer", example = "01a2423c-435a-75f5-bb92-2bb1eb2b211b")
        @JsonProperty("session_id") @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9._:@-]+", message = "may contain only letters, digits and . _ : @ -") String sessionId,
        @Schema(description = "POST /run only: answer as a server-sent event stream instead of the JSON run response "
                + "(so does an Accept header that prefers text/event-stream to application/json)", example = "false")
        Boolean stream,
        @Schema(description = "Streaming only: what a client disconnecting does to its run: cancel it (the default) "
                + "or let it continue, be recorded and stay resumable at GET /runs/{run_id}/events",
                allowableValues = {"cancel", "continue"}, example = "cancel")
        @JsonProperty("on_disconnect") @Pattern(regexp = "cancel|continue", message = "must be cancel or continue") String onDisconnect,
        @Schema(description = "Agent to run, by its name in agentry.agents; the default agent when absent",
                example = "default")
        @Size(max = 100) String agent,
        @Schema(description = "Caps for this run that may only lower the agent's own")
        @Valid Budget budget,
        @Schema(description = "Free-form JSON object kept with the request", example = "{\"ticket\": \"T-1042\"}")
        Map<String, Object> metadata,
        @Schema(description = "POST /tasks only: receives the final task JSON, signed (see README); needs a webhook "
                + "secret configured on the server", example = "https://hooks.example.com/agentry")
        @JsonProperty("webhook_url") @Size(max = 2000) String webhookUrl) {

    /**
     * Caps that may only lower the agent's own. With {@code refuse_over_estimate}, the run is refused
     * before it starts (422, type {@code estimate-over-budget}) when its estimated cost (the point
     * estimate of {@code POST /estimate}) exceeds its USD cap.
     */
    @Schema(description = "Caps for one run; each may only lower the agent's own")
    public record Budget(
            @Schema(description = "Most tokens (all kinds) the run may use; it stops with success false past it",
                    example = "20000")
            @JsonProperty("max_tokens") @Positive Long maxTokens,
            @Schema(description = "Most USD the run may cost; it stops with success false past it", example = "0.05")
            @JsonProperty("max_cost_usd") @DecimalMin(value = "0", inclusive = false) BigDecimal maxCostUsd,
            @Schema(description = "Refuse the run before it starts (422, type estimate-over-budget) when its estimated "
                    + "cost exceeds its USD cap", example = "false")
            @JsonProperty("refuse_over_estimate") Boolean refuseOverEstimate) {
    }

    /** A body the documentation offers for POST /run, /tasks and /estimate: a service key must name the user. */
    public static final String EXAMPLE = """
            {"message": "What is 17 * 23?", "user_id": "alice"}""";
    /** What the documentation says of its examples' user_id. */
    public static final String EXAMPLE_NOTE = "For user alice: a service key (such as the development key) must name "
            + "the user; a key bound to alice may leave user_id out";
    /** The same with a budget. */
    public static final String EXAMPLE_WITH_BUDGET = """
            {"message": "Summarise the release notes in three bullet points", "user_id": "alice",
             "budget": {"max_tokens": 20000, "max_cost_usd": 0.05}, "metadata": {"ticket": "T-1042"}}""";

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
