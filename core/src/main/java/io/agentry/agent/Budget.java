package io.agentry.agent;

import java.math.BigDecimal;

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
}
