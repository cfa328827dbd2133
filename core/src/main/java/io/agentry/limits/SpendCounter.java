package io.agentry.limits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 * {@code resetsAt}. A limit {@link SpendLimit#fromLedger from the ledger} is never counted in a bucket the backend
 * does not have (first use, restart, lost data): {@link #reserve} reports it {@link Unseeded} until it is
 * {@link #seed seeded}. Neither a settlement nor an expiring hold creates a missing bucket. Thread-safe.
 */
public interface SpendCounter {

    /** Decimal places of USD kept: the same as every cost we compute. */
    int SCALE = 10;

    /** What {@link #reserve} did. */
    sealed interface Outcome permits Reserved, Refusal, Unseeded {
    }

    /** The hold's amount was added to every bucket. */
    record Reserved() implements Outcome {
    }

    Reserved RESERVED = new Reserved();

    /** Nothing was reserved: a limit the amount did not fit in, and what was already spent or reserved in it. */
    record Refusal(SpendLimit limit, BigDecimal spentUsd) implements Outcome {
    }

    /** Nothing was reserved: the bucket of a limit from the ledger is missing; seed it, then reserve again. */
    record Unseeded(SpendLimit limit) implements Outcome {
    }

    /**
     * One run's reservation: {@code amountUsd} held in every bucket of {@code limits} until it is settled or
     * {@code expiresAt} passes.
     *
     * @param id unique per hold (a random UUID): reserving a hold whose id is still held is the caller's error,
     *           which a backend may refuse or count twice
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

    /**
     * Adds the hold's amount to every bucket if it fits in all of them; else reports the first limit whose bucket
     * is missing and must be seeded, or else the first refusal, and reserves nothing.
     */
    Outcome reserve(Hold hold);

    /**
     * Ends a hold: takes its amount back out of every bucket where it is still held (not expired) and adds the
     * run's real cost {@code actualUsd} (not negative) instead; a missing bucket is left missing (a seed from the
     * ledger will include the run, recorded before it settles). Call at most once per hold.
     */
    void settle(Hold hold, BigDecimal actualUsd);

    /**
     * Sets a bucket that does not exist (in this backend) to what the ledger says was already spent in its
     * period, so that a restart (embedded) or a lost Redis does not start a period over from zero. Leaves an
     * existing bucket as it is (another process may have seeded it first).
     */
    void seed(SpendLimit limit, BigDecimal spentUsd);

    /** What is spent or held (by unexpired holds) in each bucket, in the order given; null for a missing bucket. */
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
