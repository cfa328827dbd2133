package io.agentry.model;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.cost.Usage;

/**
 * One model call's answer. {@code model} is the name the provider reported (e.g. a dated snapshot), used
 * for pricing; {@code finishReason} may be null when the provider gave none.
 */
public record ModelReply(AiMessage message, Usage usage, FinishReason finishReason, String model) {
}
