package io.agentry.server.guardrails;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.limits.SpendPeriod;
import io.agentry.limits.SpendScope;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.RequestRefusedException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;

/**
 * A run does not fit in a spend budget: what was spent or reserved plus the run's worst case would pass
 * it. A client may retry after {@link #resetsAt()}, when the period's budget starts afresh; a background
 * task that meets it fails at once instead of waiting (possibly a month). Thrown before the run starts:
 * nothing was spent or recorded.
 *
 * @see SpendBudgets
 */
public class SpendBudgetExceededException extends RequestRefusedException {

    /** What a {@code spend-budget-exceeded} problem adds: which budget, and the figures that did not fit. */
    record Figures(
            @Schema(description = "spend-budget-exceeded: whose budget: user (the user's) or key (everything spent "
                    + "through the API key)", example = "user")
            String scope,
            @Schema(description = "spend-budget-exceeded: the budget's period: day or month", example = "day")
            String period,
            @Schema(description = "spend-budget-exceeded: the budget, in USD", example = "5")
            @JsonProperty("budget_usd") BigDecimal budgetUsd,
            @Schema(description = "spend-budget-exceeded: USD spent or reserved in the period so far", example = "4.9981")
            @JsonProperty("spent_usd") BigDecimal spentUsd,
            @Schema(description = "spend-budget-exceeded: the most the refused run could have cost, in USD", example = "0.0125")
            @JsonProperty("run_worst_case_usd") BigDecimal runWorstCaseUsd,
            @Schema(description = "spend-budget-exceeded: when the period's budget starts afresh", format = "date-time",
                    example = "2026-05-13T00:00:00Z")
            @JsonProperty("resets_at") String resetsAt) implements ApiException.Members {
    }

    private final SpendScope scope;
    private final SpendPeriod period;
    private final BigDecimal budgetUsd;
    private final BigDecimal spentUsd;
    private final BigDecimal runWorstCaseUsd;
    private final Instant resetsAt;
    private final Duration retryAfter;

    SpendBudgetExceededException(SpendScope scope, SpendPeriod period, BigDecimal budgetUsd, BigDecimal spentUsd,
                                 BigDecimal runWorstCaseUsd, Instant resetsAt, Duration retryAfter) {
        super(period.adjective() + " spend budget of $" + plain(budgetUsd) + " for this "
                + scope.wireName() + " exceeded: $" + plain(spentUsd) + " spent or reserved, and this run may cost up to $"
                + plain(runWorstCaseUsd) + "; the budget resets at " + resetsAt);
        this.scope = scope;
        this.period = period;
        this.budgetUsd = budgetUsd;
        this.spentUsd = spentUsd;
        this.runWorstCaseUsd = runWorstCaseUsd;
        this.resetsAt = resetsAt;
        this.retryAfter = retryAfter;
    }

    /** 429 of its own type (not {@code rate-limited}): retry when the budget resets, not in a few seconds. */
    @Override
    public ApiException problem() {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "spend-budget-exceeded", "Spend Budget Exceeded",
                getMessage(), retryAfter, null)
                .withMembers(new Figures(scope.wireName(), period.wireName(), budgetUsd.stripTrailingZeros(),
                        spentUsd.stripTrailingZeros(), runWorstCaseUsd.stripTrailingZeros(), resetsAt.toString()));
    }

    static String plain(BigDecimal usd) {
        return usd.stripTrailingZeros().toPlainString();
    }

    public SpendScope scope() {
        return scope;
    }

    public SpendPeriod period() {
        return period;
    }

    public BigDecimal budgetUsd() {
        return budgetUsd;
    }

    public BigDecimal spentUsd() {
        return spentUsd;
    }

    public BigDecimal runWorstCaseUsd() {
        return runWorstCaseUsd;
    }

    public Instant resetsAt() {
        return resetsAt;
    }

    /** From the refusal until {@link #resetsAt()}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
