package io.agentry.agent;

import io.agentry.cost.Usage;
import java.math.BigDecimal;

/**
 * One model call of a run. {@code costUsd} is null when the model has no known price.
 */
public record ModelCall(int iteration, String model, Usage usage, BigDecimal costUsd, String finishReason,
                        long latencyMs) {
}
