package io.agentry.cost;

/**
 * Tokens spent by one model call or summed over a run.
 *
 * <p>The four kinds are disjoint so that each is priced at exactly one rate: {@code inputTokens} are
 * the prompt tokens billed at the plain input rate (for OpenAI, prompt tokens minus cached ones; for
 * Anthropic, {@code input_tokens}), {@code cacheReadTokens} were served from the provider's prompt cache,
 * {@code cacheWriteTokens} were written to it. {@link #totalTokens()} is the sum of all four.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0);
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens);
    }

    /** All prompt-side tokens, whatever rate they are billed at. */
    public long promptTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens;
    }

    public long totalTokens() {
        return promptTokens() + outputTokens;
    }
}
