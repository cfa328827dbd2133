package io.agentry.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * USD per million tokens for each kind of token one model bills.
 *
 * <p>Costs are computed with {@link BigDecimal} so that a run's cost is the exact sum of its calls'
 * costs and the ledger adds up to the cent and beyond.
 */
public record ModelPrice(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {

    /** Scale of every USD amount we compute: 10 decimal places is far below a single token's price. */
    public static final int USD_SCALE = 10;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        cacheRead = cacheRead == null ? input : cacheRead;
        cacheWrite = cacheWrite == null ? input : cacheWrite;
        for (BigDecimal price : new BigDecimal[] {input, output, cacheRead, cacheWrite}) {
            if (price.signum() < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }
    }

    public static ModelPrice of(String input, String output, String cacheRead, String cacheWrite) {
        return new ModelPrice(new BigDecimal(input), new BigDecimal(output),
                new BigDecimal(cacheRead), new BigDecimal(cacheWrite));
    }

    public BigDecimal cost(Usage usage) {
        BigDecimal perMillion = input.multiply(BigDecimal.valueOf(usage.inputTokens()))
                .add(output.multiply(BigDecimal.valueOf(usage.outputTokens())))
                .add(cacheRead.multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(usage.cacheWriteTokens())));
        return perMillion.divide(MILLION, USD_SCALE, RoundingMode.HALF_UP);
    }

    /** What the same tokens would have cost with no prompt cache: every prompt token at the input rate. */
    public BigDecimal costWithoutCache(Usage usage) {
        return cost(new Usage(usage.promptTokens(), usage.outputTokens(), 0, 0));
    }

    /** The highest rate a prompt token can be billed at (a cache write may cost more than plain input). */
    /**
     * The output tokens that fit in {@code usdLeft} once a prompt of {@code promptTokens} is paid at its
     * worst-case rate ({@link #worstPromptRate()}); 0 when nothing fits, unbounded when output is free.
     */
    public long affordableOutputTokens(BigDecimal usdLeft, int promptTokens) {
        BigDecimal left = usdLeft.subtract(worstPromptRate().multiply(BigDecimal.valueOf(promptTokens))
                .divide(MILLION, USD_SCALE, RoundingMode.UP));
        if (left.signum() <= 0) {
            return 0;
        }
        if (output.signum() == 0) {
            return Long.MAX_VALUE;
        }
        return left.multiply(MILLION).divide(output, 0, RoundingMode.FLOOR).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
    }

    public BigDecimal worstPromptRate() {
        return input.max(cacheWrite);
    }
}
