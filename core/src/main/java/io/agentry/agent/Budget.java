package io.agentry.agent;

import io.agentry.cost.ModelPrice;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The most one run may spend: tokens of every kind summed over all its model calls, and optionally USD.
 * Enforced before each model call (see {@link AgentLoop}), so a run never ends above it.
 *
 * @param maxCostUsd null for no USD cap
 */
public record Budget(long maxTokens, BigDecimal maxCostUsd) {

    public Budget {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1");
        }
        if (maxCostUsd != null && maxCostUsd.signum() <= 0) {
            throw new IllegalArgumentException("max cost must be positive");
        }
    }

    /**
     * This budget lowered by a caller's request; a request can only lower a cap, never raise it.
     * Null arguments leave that cap as it is.
     */
    public Budget lowerTo(Long requestedTokens, BigDecimal requestedCostUsd) {
        long tokens = requestedTokens == null ? maxTokens : Math.min(maxTokens, requestedTokens);
        BigDecimal cost = maxCostUsd;
        if (requestedCostUsd != null) {
            cost = cost == null ? requestedCostUsd : cost.min(requestedCostUsd);
        }
        return new Budget(tokens, cost);
    }

    /**
     * The most a run under this budget can cost at a model's prices: its USD cap, or every one of its tokens
     * at the model's dearest rate, whichever is lower. A bound because {@link AgentLoop} never lets a run
     * spend past either cap.
     */
    public BigDecimal worstCaseCostUsd(ModelPrice price) {
        BigDecimal dearest = price.worstPromptRate().max(price.output());
        BigDecimal allTokens = dearest.multiply(BigDecimal.valueOf(maxTokens))
                .divide(BigDecimal.valueOf(1_000_000), ModelPrice.USD_SCALE, RoundingMode.UP);
        return maxCostUsd == null ? allTokens : allTokens.min(maxCostUsd);
    }
}
