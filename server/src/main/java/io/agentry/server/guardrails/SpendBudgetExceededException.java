package io.agentry.server.guardrails;

import io.agentry.limits.SpendPeriod;
import io.agentry.limits.SpendScope;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.RequestRefusedException;
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
                .withProperty("scope", scope.wireName())
                .withProperty("period", period.wireName())
                .withProperty("budget_usd", budgetUsd.stripTrailingZeros())
                .withProperty("spent_usd", spentUsd.stripTrailingZeros())
                .withProperty("run_worst_case_usd", runWorstCaseUsd.stripTrailingZeros())
                .withProperty("resets_at", resetsAt.toString());
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
