package io.agentry.model;

import dev.langchain4j.model.output.TokenUsage;
import io.agentry.cost.Usage;

/**
 * Turns a provider's {@link TokenUsage} (often a provider-specific subclass with cache details) into our
 * disjoint {@link Usage} kinds.
 */
@FunctionalInterface
public interface UsageMapper {

    /** Plain input/output counts, for providers that report no cache details. */
    UsageMapper PLAIN = tokenUsage -> tokenUsage == null ? Usage.ZERO : Usage.of(
            nonNull(tokenUsage.inputTokenCount()), nonNull(tokenUsage.outputTokenCount()));

    Usage map(TokenUsage tokenUsage);

    static long nonNull(Integer count) {
        return count == null ? 0 : count;
    }
}
