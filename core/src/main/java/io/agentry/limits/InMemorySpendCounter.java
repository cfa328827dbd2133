package io.agentry.limits;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@link SpendCounter} for one process (the embedded mode), guarded by one lock. Expired holds are given back
 * before every read and reservation; buckets are dropped a day after their period ended, when no late
 * settlement can still concern them.
 */
public final class InMemorySpendCounter implements SpendCounter {

    private static final long KEEP_AFTER_RESET_MILLIS = 86_400_000L;
    /** How often buckets are swept for expiry: a sweep reads every bucket, so not on every reservation. */
    private static final long BUCKET_SWEEP_MILLIS = 60_000L;

    private static final class Bucket {
        long units;
        /** A bucket's name includes its period, so every limit naming it ends at the same time. */
        final long expiresAtMillis;

        Bucket(SpendLimit limit) {
            expiresAtMillis = limit.resetsAt().toEpochMilli() + KEEP_AFTER_RESET_MILLIS;
        }
    }

    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();
    /** Unsettled, unexpired holds by id, and the same ordered by expiry (ids break ties). */
    private final Map<String, Hold> holds = new HashMap<>();
    private final TreeSet<Hold> holdsByExpiry =
            new TreeSet<>(Comparator.comparing(Hold::expiresAt).thenComparing(Hold::id));
    private long nextBucketSweepMillis;

    public InMemorySpendCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Outcome reserve(Hold hold) {
        dropExpired();
        if (holds.containsKey(hold.id())) {
            throw new IllegalArgumentException("hold " + hold.id() + " is already held");
        }
        for (SpendLimit limit : hold.limits()) {
            if (limit.fromLedger() && !buckets.containsKey(limit.bucket())) {
                return new Unseeded(limit);
            }
        }
        long amount = SpendCounter.units(hold.amountUsd());
        for (SpendLimit limit : hold.limits()) {
            long spent = spentUnits(limit);
            if (spent + amount > SpendCounter.units(limit.budgetUsd())) {
                return new Refusal(limit, SpendCounter.usd(spent));
            }
        }
        for (SpendLimit limit : hold.limits()) {
            buckets.computeIfAbsent(limit.bucket(), b -> new Bucket(limit)).units += amount;
        }
        holds.put(hold.id(), hold);
        holdsByExpiry.add(hold);
        return RESERVED;
    }

    @Override
    public synchronized void settle(Hold hold, BigDecimal actualUsd) {
        long actual = SpendCounter.units(actualUsd);
        Hold held = holds.remove(hold.id());
        if (held != null) {
            holdsByExpiry.remove(held);
            addToExisting(hold.limits(), actual - SpendCounter.units(held.amountUsd()));
        } else {
            addToExisting(hold.limits(), actual);
        }
    }

    @Override
    public synchronized void seed(SpendLimit limit, BigDecimal spentUsd) {
        if (!buckets.containsKey(limit.bucket())) {
            Bucket bucket = new Bucket(limit);
            bucket.units = SpendCounter.units(spentUsd);
            buckets.put(limit.bucket(), bucket);
        }
    }

    @Override
    public synchronized List<BigDecimal> spent(List<SpendLimit> limits) {
        dropExpired();
        List<BigDecimal> result = new ArrayList<>(limits.size());
        for (SpendLimit limit : limits) {
            Bucket bucket = buckets.get(limit.bucket());
            result.add(bucket == null ? null : SpendCounter.usd(bucket.units));
        }
        return result;
    }

    private long spentUnits(SpendLimit limit) {
        Bucket bucket = buckets.get(limit.bucket());
        return bucket == null ? 0 : bucket.units;
    }

    private void addToExisting(List<SpendLimit> limits, long units) {
        for (SpendLimit limit : limits) {
            Bucket bucket = buckets.get(limit.bucket());
            if (bucket != null) {
                bucket.units += units;
            }
        }
    }

    private void dropExpired() {
        long now = clock.millis();
        while (!holdsByExpiry.isEmpty() && holdsByExpiry.first().expiresAt().toEpochMilli() <= now) {
            Hold expired = holdsByExpiry.pollFirst();
            holds.remove(expired.id());
            addToExisting(expired.limits(), -SpendCounter.units(expired.amountUsd()));
        }
        if (now >= nextBucketSweepMillis) {
            buckets.values().removeIf(b -> b.expiresAtMillis <= now);
            nextBucketSweepMillis = now + BUCKET_SWEEP_MILLIS;
        }
    }
}
