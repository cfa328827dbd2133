package io.agentry.server.guardrails;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.limits.SpendScope;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /budgets}: the spend budgets that apply to a user's runs through the calling key, and what is spent or
 * reserved in each now: the figures a run's admission compares (so a budget shown full refuses the next run).
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Usage", description = "The spend ledger: runs, tokens and USD")
class BudgetController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One budget and how much of it is used")
    record BudgetView(
            @Schema(description = "Whose budget: the user's (agentry.budgets.daily-usd, .users[<id>]) or the calling key's "
                    + "(agentry.budgets.keys.<name>)", allowableValues = {"user", "key"}, example = "user")
            String scope,
            @Schema(description = "The key's name, for a key's budget", example = "backend")
            @JsonProperty("key_name") String keyName,
            @Schema(description = "The budget's period", allowableValues = {"day", "month"}, example = "day")
            String period,
            @Schema(description = "The budget in USD", example = "5")
            @JsonProperty("budget_usd") BigDecimal budgetUsd,
            @Schema(description = "USD spent in the period, and reserved by runs still going", example = "1.23")
            @JsonProperty("spent_usd") BigDecimal spentUsd,
            @Schema(description = "When the period ends and the budget starts again", example = "2026-05-13T00:00:00Z")
            @JsonProperty("resets_at") Instant resetsAt) {
    }

    @Schema(description = "The spend budgets of a user's runs through this key")
    record BudgetsResponse(
            @Schema(description = "The user", example = "alice")
            @JsonProperty("user_id") String userId,
            @Schema(description = "Every budget that applies; empty when none is configured")
            List<BudgetView> budgets) {
    }

    private final SpendBudgets budgets;

    BudgetController(SpendBudgets budgets) {
        this.budgets = budgets;
    }

    @Operation(operationId = "getBudgets", summary = "A user's spend budgets and how much of each is used",
            description = "The budgets a run of the user through the calling key must fit in (the user's daily and "
                    + "monthly ones, and the key's), with what is spent or reserved in each now. A key bound to a user "
                    + "sees its user's; a service or admin key names the user.")
    @GetMapping(path = "/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
    BudgetsResponse budgets(
            @Parameter(description = "Whose budgets: required with a service or admin key, implied by a bound key",
                    example = "alice")
            @RequestParam(name = "user_id", required = false) String userId,
            Caller caller) {
        String user = caller.actingUser(userId);
        return new BudgetsResponse(user, budgets.standing(user, caller.keyName()).stream()
                .map(s -> new BudgetView(s.limit().scope().wireName(),
                        s.limit().scope() == SpendScope.KEY ? caller.keyName() : null, s.limit().period().wireName(),
                        s.limit().budgetUsd().stripTrailingZeros(), s.spentUsd().stripTrailingZeros(), s.limit().resetsAt()))
                .toList());
    }
}
