package io.agentry.agent;

import io.agentry.cost.ModelPrice;
import io.agentry.cost.Usage;
import java.math.BigDecimal;

/**
 * What one run has spent, in two views: the whole conversation's usage and cost, replayed calls included, which the
 * budgets count; and this attempt's own calls, which it is charged (with the prompt caching savings); plus what the
 * replayed calls had cost, which the replay saved. Lives on the run's thread.
 */
final class Spending {

    /**
     * What the next call may spend: {@code maxOutput} tokens of output, of the {@code remaining} tokens of the budget,
     * lowered below the agent's own maximum or not; or, when not even one token fits, why ({@code refusal}, with
     * {@code budgetContent} telling whether the run's content is the budget note).
     */
    record Allowance(long remaining, long maxOutput, boolean lowered, String refusal, boolean budgetContent) {
        static final Allowance REPLAYED = new Allowance(0, 0, false, null, false);

        private static Allowance refused(String why, boolean budgetContent) {
            return new Allowance(0, 0, false, why, budgetContent);
        }
    }

    private final ModelPrice price;
    private Usage used = Usage.ZERO;
    private BigDecimal cost = BigDecimal.ZERO;
    private Usage charged = Usage.ZERO;
    private BigDecimal chargedCost = BigDecimal.ZERO;
    private BigDecimal savings = BigDecimal.ZERO;
    private RunResult.Replayed replayed = RunResult.Replayed.NONE;

    /** @param price the model's price; null when it has none (every cost is then null) */
    Spending(ModelPrice price) {
        this.price = price;
    }

    /** What the next call may spend of {@code budget} with a prompt of {@code promptTokens}, for the agent's maximum. */
    Allowance allowance(Budget budget, int promptTokens, long agentMaxOutput, String model) {
        long remaining = budget.maxTokens() - used.totalTokens() - promptTokens;
        long maxOutput = Math.min(agentMaxOutput, remaining);
        if (maxOutput < 1) {
            return Allowance.refused("Token budget of " + budget.maxTokens() + " exceeded", true);
        }
        if (budget.maxCostUsd() != null) {
            if (price == null) {
                return Allowance.refused("Cost budget cannot be enforced: no price is known for model " + model, false);
            }
            maxOutput = Math.min(maxOutput, price.affordableOutputTokens(budget.maxCostUsd().subtract(cost), promptTokens));
            if (maxOutput < 1) {
                return Allowance.refused("Cost budget of $" + budget.maxCostUsd().stripTrailingZeros().toPlainString()
                        + " exceeded", true);
            }
        }
        return new Allowance(remaining, maxOutput, maxOutput < agentMaxOutput, null, false);
    }

    /** A call this attempt made and pays for; returns its cost (null without a price). */
    BigDecimal paid(Usage usage) {
        used = used.plus(usage);
        charged = charged.plus(usage);
        if (price == null) {
            return null;
        }
        BigDecimal callCost = price.cost(usage);
        cost = cost.add(callCost);
        chargedCost = chargedCost.add(callCost);
        savings = savings.add(price.costWithoutCache(usage).subtract(callCost));
        return callCost;
    }

    /** A call an earlier attempt made, replayed: counted against the budgets, not charged again. */
    void replayedCall(Usage usage) {
        used = used.plus(usage);
        BigDecimal callCost = price == null ? null : price.cost(usage);
        if (callCost != null) {
            cost = cost.add(callCost);
        }
        replayed = replayed.plusModelCall(usage, callCost);
    }

    void replayedTools(int calls) {
        replayed = replayed.plusToolCalls(calls);
    }

    /** The conversation's usage so far, replayed calls included. */
    Usage used() {
        return used;
    }

    /** The conversation's cost so far, replayed calls included; null without a price. */
    BigDecimal cost() {
        return price == null ? null : cost;
    }

    /** This attempt's own calls' usage. */
    Usage charged() {
        return charged;
    }

    BigDecimal chargedCost() {
        return price == null ? null : chargedCost;
    }

    BigDecimal cacheSavings() {
        return price == null ? null : savings;
    }

    RunResult.Replayed replayed() {
        return replayed;
    }
}
