package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.cost.CostEstimate;
import io.agentry.run.RunMode;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.math.BigDecimal;
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
class EstimateController {

    record EstimateResponse(String model,
                            @JsonProperty("input_tokens") long inputTokens,
                            @JsonProperty("output_tokens") long outputTokens,
                            int iterations,
                            @JsonProperty("estimated_cost_usd") BigDecimal estimatedCostUsd,
                            @JsonProperty("low_usd") BigDecimal lowUsd,
                            @JsonProperty("high_usd") BigDecimal highUsd,
                            Basis basis) {
    }

    record Basis(String source,
                 int runs,
                 String tokenizer,
                 @JsonProperty("tokenizer_exact") boolean tokenizerExact,
                 @JsonProperty("prompt_tokens") long promptTokens,
                 @JsonProperty("iterations_median") int iterationsMedian,
                 @JsonProperty("iterations_p90") int iterationsP90,
                 @JsonProperty("output_tokens_median") long outputTokensMedian,
                 @JsonProperty("output_tokens_p90") long outputTokensP90) {
    }

    private final RunCommands commands;
    private final CostEstimates estimates;

    EstimateController(RunCommands commands, CostEstimates estimates) {
        this.commands = commands;
        this.estimates = estimates;
    }

    @Operation(summary = "Estimate a run's tokens and cost before running it")
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
