package io.agentry.model;

/**
 * Knobs of the built-in offline model, for load tests and for making streaming observable.
 *
 * @param latencyMs       time before the first token of every call (an interruptible sleep)
 * @param tokensPerSecond pace of the streamed answer; 0 emits every token at once
 * @param toolRounds      tool-calling rounds forced before the answer (each calls a cheap tool)
 */
public record OfflineModelOptions(long latencyMs, double tokensPerSecond, int toolRounds) {

    public static final OfflineModelOptions INSTANT = new OfflineModelOptions(0, 0, 0);

    public OfflineModelOptions {
        if (latencyMs < 0 || tokensPerSecond < 0 || toolRounds < 0) {
            throw new IllegalArgumentException("offline model options must not be negative");
        }
    }
}
