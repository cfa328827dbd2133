package io.agentry.limits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Spend per budget bucket: what settled runs cost plus what running runs hold in reservation.
 *
 * <p>Contract: {@link #reserve} is atomic over all the hold's limits, also against other processes sharing the
 * backend: the amount is added to every bucket, or to none when it does not fit in one of them
 * ({@code spent + amount > budget}). So concurrent reservations can never take a bucket past its budget.
 * A hold ends when it is settled or when it expires: at its {@link Hold#expiresAt} the counter gives its amount
 * back by itself (at the latest when one of its buckets is next read or reserved in), so the reservation of a
 * process that died mid-run does not stay counted for the rest of the period. Amounts are kept exactly to
 * {@link #SCALE} decimal places; reservations are rounded up to it. A bucket is kept at least until its limit's
 * {@code resetsAt}. Thread-safe.
 */
public interface SpendCounter {

    /** Decimal places of USD kept: the same as every cost we compute. */
    int SCALE = 10;

    /** A limit the amount did not fit in, and what was already spent or reserved in it. */
    record Refusal(SpendLimit limit, BigDecimal spentUsd) {
    }

    /**
     * One run's reservation: {@code amountUsd} held in every bucket of {@code limits} until it is settled or
     * {@code expiresAt} passes.
     *
     * @param id unique per hold (a run id will do)
     */
    record Hold(String id, List<SpendLimit> limits, BigDecimal amountUsd, Instant expiresAt) {

        public Hold {
            Objects.requireNonNull(id, "id");
            limits = List.copyOf(limits);
            Objects.requireNonNull(amountUsd, "amountUsd");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (amountUsd.signum() < 0) {
                throw new IllegalArgumentException("a reservation must not be negative");
            }
        }
    }

    /** Adds the hold's amount to every bucket if it fits in all of them; else returns the first refusal. */
    Optional<Refusal> reserve(Hold hold);

    /**
     * Ends a hold: takes its amount back out of every bucket where it is still held (not expired) and adds the
     * run's real cost {@code actualUsd} (not negative) instead. Call at most once per hold.
     */
    void settle(Hold hold, BigDecimal actualUsd);

    /**
     * Sets a bucket that does not exist yet (in this backend) to what the store says was already spent in
     * its period, so a restart (embedded) or a lost Redis does not start a period over from zero. Leaves an
     * existing bucket as it is.
     */
    void seed(SpendLimit limit, BigDecimal spentUsd);

    /** What is spent or held (by unexpired holds) in each bucket, in the order given. */
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
