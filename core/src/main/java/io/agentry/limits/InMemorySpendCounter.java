package io.agentry.limits;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        long expiresAtMillis;
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
    public synchronized Optional<Refusal> reserve(Hold hold) {
        dropExpired();
        if (holds.containsKey(hold.id())) {
            throw new IllegalArgumentException("hold " + hold.id() + " is already held");
        }
        long amount = SpendCounter.units(hold.amountUsd());
        for (SpendLimit limit : hold.limits()) {
            long spent = spentUnits(limit);
            if (spent + amount > SpendCounter.units(limit.budgetUsd())) {
                return Optional.of(new Refusal(limit, SpendCounter.usd(spent)));
            }
        }
        add(hold.limits(), amount);
        holds.put(hold.id(), hold);
        holdsByExpiry.add(hold);
        return Optional.empty();
    }

    @Override
    public synchronized void settle(Hold hold, BigDecimal actualUsd) {
        long actual = SpendCounter.units(actualUsd);
        Hold held = holds.remove(hold.id());
        if (held != null) {
            holdsByExpiry.remove(held);
            add(hold.limits(), actual - SpendCounter.units(held.amountUsd()));
        } else {
            add(hold.limits(), actual);
        }
    }

    @Override
    public synchronized void seed(SpendLimit limit, BigDecimal spentUsd) {
        if (!buckets.containsKey(limit.bucket())) {
            add(List.of(limit), SpendCounter.units(spentUsd));
        }
    }

    @Override
    public synchronized List<BigDecimal> spent(List<SpendLimit> limits) {
        dropExpired();
        List<BigDecimal> result = new ArrayList<>(limits.size());
        for (SpendLimit limit : limits) {
            result.add(SpendCounter.usd(spentUnits(limit)));
        }
        return result;
    }

    private long spentUnits(SpendLimit limit) {
        Bucket bucket = buckets.get(limit.bucket());
        return bucket == null ? 0 : bucket.units;
    }

    private void add(List<SpendLimit> limits, long units) {
        for (SpendLimit limit : limits) {
            Bucket bucket = buckets.computeIfAbsent(limit.bucket(), b -> new Bucket());
            bucket.units += units;
            bucket.expiresAtMillis = Math.max(bucket.expiresAtMillis, limit.resetsAt().toEpochMilli() + KEEP_AFTER_RESET_MILLIS);
        }
    }

    private void dropExpired() {
        long now = clock.millis();
        while (!holdsByExpiry.isEmpty() && holdsByExpiry.first().expiresAt().toEpochMilli() <= now) {
            Hold expired = holdsByExpiry.pollFirst();
            holds.remove(expired.id());
            add(expired.limits(), -SpendCounter.units(expired.amountUsd()));
        }
        if (now >= nextBucketSweepMillis) {
            buckets.values().removeIf(b -> b.expiresAtMillis <= now);
            nextBucketSweepMillis = now + BUCKET_SWEEP_MILLIS;
        }
    }
}
