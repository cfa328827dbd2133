package io.agentry.agent;

import io.agentry.cost.Usage;
import io.agentry.model.ModelReply;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * One model call of a run. {@code costUsd} is null when the model has no known price.
 */
public record ModelCall(int iteration, String model, Usage usage, BigDecimal costUsd, String finishReason,
                        long latencyMs) {

    /** The call that got {@code reply}, as iteration {@code iteration} of a run; its finish reason in lower case. */
    static ModelCall of(int iteration, String model, ModelReply reply, BigDecimal costUsd, long latencyMs) {
        return new ModelCall(iteration, model, reply.usage(), costUsd,
                reply.finishReason() == null ? null : reply.finishReason().name().toLowerCase(Locale.ROOT), latencyMs);
    }
}
