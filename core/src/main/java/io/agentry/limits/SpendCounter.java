package io.agentry.limits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Spend per budget bucket: what settled runs cost plus what running runs have reserved.
 *
 * <p>Contract: {@link #reserve} is atomic over all its limits, also against other processes sharing the
 * backend: the amount is added to every bucket, or to none when it does not fit in one of them
 * ({@code spent + amount > budget}). So concurrent reservations can never take a bucket past its budget.
 * Amounts are kept exactly to {@link #SCALE} decimal places; reservations are rounded up to it.
 * A bucket is kept at least until its limit's {@code resetsAt}. Thread-safe.
 */
public interface SpendCounter {

    /** Decimal places of USD kept: the same as every cost we compute. */
    int SCALE = 10;

    /** A limit the amount did not fit in, and what was already spent or reserved in it. */
    record Refusal(SpendLimit limit, BigDecimal spentUsd) {
    }

    /** Adds {@code amountUsd} to every bucket if it fits in all of them; else returns the first refusal. */
    Optional<Refusal> reserve(List<SpendLimit> limits, BigDecimal amountUsd);

    /** Adds {@code deltaUsd} (negative to give back) to every bucket, unconditionally: settles a reservation. */
    void adjust(List<SpendLimit> limits, BigDecimal deltaUsd);

    /**
     * Sets a bucket that does not exist yet (in this backend) to what the store says was already spent in
     * its period, so a restart (embedded) or a lost Redis does not start a period over from zero. Leaves an
     * existing bucket as it is.
     */
    void seed(SpendLimit limit, BigDecimal spentUsd);

    /** What is spent or reserved in each bucket, in the order given. */
    List<BigDecimal> spent(List<SpendLimit> limits);

    /**
     * USD as whole units of 10^-{@link #SCALE}, rounded towards positive infinity: a reservation never rounds
     * below its amount, and a refund never gives back more than it should.
     */
    static long units(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
    }

    static BigDecimal usd(long units) {
        return BigDecimal.valueOf(units, SCALE);
    }
}
