package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.agent.AgentDefinition;
import io.agentry.agent.Budget;
import io.agentry.cost.CostEstimate;
import io.agentry.run.RunId;
import io.agentry.run.RunMode;
import io.agentry.server.guardrails.RunRateLimits;
import io.agentry.server.guardrails.SpendBudgets;
import io.agentry.server.health.AgentReadiness;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns a run request into a {@link RunCommand} for any entry point ({@code POST /run}, streaming,
 * {@code POST /tasks}), refusing what must not run, in this order: not ready (503), acting for another user
 * (403), unknown agent (422), over a rate limit (429, {@link RunRateLimits}), an estimate over the run's USD
 * cap when the request asked for that check (422), and a worst case that does not fit in a spend budget now
 * (429; the binding reservation is made when the run starts, in {@link RunService#run}).
 */
@Component
public class RunCommands {

    /** What an {@code estimate-over-budget} problem adds: the estimate that did not fit the run's USD cap. */
    record OverEstimate(
            @Schema(description = "estimate-over-budget: the run's estimated cost, in USD (as POST /estimate answers)",
                    example = "0.0132")
            @JsonProperty("estimated_cost_usd") BigDecimal estimatedCostUsd,
            @Schema(description = "estimate-over-budget: the low end of the estimate's range, in USD", example = "0.006")
            @JsonProperty("low_usd") BigDecimal lowUsd,
            @Schema(description = "estimate-over-budget: the high end of the estimate's range, in USD", example = "0.031")
            @JsonProperty("high_usd") BigDecimal highUsd,
            @Schema(description = "estimate-over-budget: the run's USD cap that the estimate exceeds", example = "0.01")
            @JsonProperty("max_cost_usd") BigDecimal maxCostUsd) implements ApiException.Members {
    }

    private final RunService runs;
    private final AgentReadiness readiness;
    private final CostEstimates estimates;
    private final SpendBudgets budgets;
    private final RunRateLimits rateLimits;

    RunCommands(RunService runs, AgentReadiness readiness, CostEstimates estimates, SpendBudgets budgets,
                RunRateLimits rateLimits) {
        this.rateLimits = rateLimits;
        this.runs = runs;
        this.readiness = readiness;
        this.estimates = estimates;
        this.budgets = budgets;
    }

    /** A command to run now or later, after every admission check; rate-limit headers go on {@code response}. */
    public RunCommand admit(RunRequest request, Caller caller, RunMode mode, HttpServletResponse response) {
        RunCommand command = parse(request, caller, mode);
        AgentDefinition agent = runs.agentFor(command.agent());
        rateLimits.admit(command.userId(), caller, agent.name(), response);
        Budget budget = runs.budgetFor(agent, command);
        if (request.refuseOverEstimate()) {
            refuseOverEstimate(command, budget);
        }
        if (mode.deferred()) {
            // a sync run reserves at once in RunService.run, which refuses the same way; a task or a stream
            // is refused here, before it is queued or its stream is opened
            budgets.checkRoom(command.userId(), command.apiKey(), agent.model(), budget);
        }
        return command;
    }

    /** A command as the request describes it, checked only for readiness, user, agent and session owner. */
    RunCommand parse(RunRequest request, Caller caller, RunMode mode) {
        if (!readiness.isReady()) {
            throw ApiException.notReady("The agent is not ready yet; retry shortly");
        }
        String userId = caller.actingUser(request.userId());
        runs.agentFor(request.agent());
        if (mode.deferred()) {
            runs.checkSessionOwner(request.sessionId(), userId); // a sync run refuses it itself, before recording anything
        }
        return new RunCommand(RunId.generate(), userId, request.message(), request.agent(), request.sessionId(),
                request.maxTokens(), request.maxCostUsd(), mode, caller.keyName());
    }

    private void refuseOverEstimate(RunCommand command, Budget budget) {
        BigDecimal cap = budget.maxCostUsd();
        if (cap == null) {
            throw ApiException.invalid("budget.refuse_over_estimate",
                    "needs a USD cap: budget.max_cost_usd, or an agent with max-cost-usd-per-run");
        }
        CostEstimate estimate = estimates.estimate(command);
        if (estimate.costUsd() == null) {
            throw ApiException.invalid("budget.refuse_over_estimate",
                    "cannot be checked: no price is known for model " + estimate.model());
        }
        if (estimate.costUsd().compareTo(cap) > 0) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "estimate-over-budget", "Estimate Over Budget",
                    "Estimated cost $" + RunResponse.plain(estimate.costUsd()).toPlainString()
                            + " exceeds the run's USD cap of $" + RunResponse.plain(cap).toPlainString(), null, null)
                    .withMembers(new OverEstimate(RunResponse.plain(estimate.costUsd()), RunResponse.plain(estimate.lowUsd()),
                            RunResponse.plain(estimate.highUsd()), RunResponse.plain(cap)));
        }
    }
}
