package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.cost.CostEstimate;
import io.agentry.run.RunMode;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.Caller;
import io.agentry.server.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /estimate}: what a run would cost, from the body of the run. Not rate limited and not
 * charged: it calls no model.
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Runs")
class EstimateController {

    @Schema(description = "What a run would cost, before running it")
    record EstimateResponse(
            @Schema(description = "The model the agent would call", example = "openai:gpt-4o-mini")
            String model,
            @Schema(description = "Input tokens expected over all model calls", example = "371")
            @JsonProperty("input_tokens") long inputTokens,
            @Schema(description = "Output tokens expected over all model calls", example = "14")
            @JsonProperty("output_tokens") long outputTokens,
            @Schema(description = "Model calls expected", example = "2")
            int iterations,
            @Schema(description = "The point estimate, in USD; null when the model's price is unknown", example = "0.00006405")
            @JsonProperty("estimated_cost_usd") BigDecimal estimatedCostUsd,
            @Schema(description = "The low end of the likely range, in USD", example = "0.00003")
            @JsonProperty("low_usd") BigDecimal lowUsd,
            @Schema(description = "The high end of the likely range, in USD", example = "0.00021")
            @JsonProperty("high_usd") BigDecimal highUsd,
            @Schema(description = "What the estimate is based on")
            Basis basis) {
    }

    @Schema(description = "What an estimate is based on")
    record Basis(
            @Schema(description = "history (the agent's recent runs) or defaults (too few runs yet)", example = "history")
            String source,
            @Schema(description = "Recent runs of the agent the estimate learnt from", example = "50")
            int runs,
            @Schema(description = "The tokenizer that counted the prompt", example = "o200k_base")
            String tokenizer,
            @Schema(description = "Whether that tokenizer is the model's own (else an approximation)", example = "true")
            @JsonProperty("tokenizer_exact") boolean tokenizerExact,
            @Schema(description = "Tokens of the prompt: system prompt, tools, history and message", example = "176")
            @JsonProperty("prompt_tokens") long promptTokens,
            @Schema(description = "Median model calls per run", example = "2")
            @JsonProperty("iterations_median") int iterationsMedian,
            @Schema(description = "90th percentile of model calls per run", example = "3")
            @JsonProperty("iterations_p90") int iterationsP90,
            @Schema(description = "Median output tokens per run", example = "14")
            @JsonProperty("output_tokens_median") long outputTokensMedian,
            @Schema(description = "90th percentile of output tokens per run", example = "40")
            @JsonProperty("output_tokens_p90") long outputTokensP90) {
    }

    private final RunCommands commands;
    private final CostEstimates estimates;

    EstimateController(RunCommands commands, CostEstimates estimates) {
        this.commands = commands;
        this.estimates = estimates;
    }

    @Operation(operationId = "estimateRun", summary = "Estimate a run's tokens and cost before running it",
            description = "Takes the body of POST /run; calls no model, is not rate limited and costs nothing.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RunRequest.class),
                    examples = @ExampleObject(name = "message", summary = "A message for a user",
                            description = RunRequest.EXAMPLE_NOTE, value = RunRequest.EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "The estimate", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = EstimateResponse.class)))
    @ProblemResponses(HttpStatus.SERVICE_UNAVAILABLE)
    @PostMapping(path = "/estimate", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    EstimateResponse estimate(@Valid @RequestBody RunRequest request, Caller caller) {
        CostEstimate e = estimates.estimate(commands.parse(request, caller, RunMode.ESTIMATE));
        CostEstimate.Basis b = e.basis();
        return new EstimateResponse(e.model(), e.inputTokens(), e.outputTokens(), e.iterations(),
                RunResponse.plain(e.costUsd()), RunResponse.plain(e.lowUsd()), RunResponse.plain(e.highUsd()),
                new Basis(b.source(), b.runs(), b.tokenizer(), b.exactTokenizer(), b.promptTokens(),
                        b.iterationsMedian(), b.iterationsP90(), b.outputTokensMedian(), b.outputTokensP90()));
    }
}
