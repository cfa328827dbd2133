package io.agentry.limits;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SpendCounter} for one process (the embedded mode), guarded by one lock. Buckets are dropped a
 * day after their period ended, when no late settlement can still concern them.
 */
public final class InMemorySpendCounter implements SpendCounter {

    private static final long KEEP_AFTER_RESET_MILLIS = 86_400_000L;

    private static final class Bucket {
        long units;
        long expiresAtMillis;
    }

    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public InMemorySpendCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Refusal> reserve(List<SpendLimit> limits, BigDecimal amountUsd) {
        dropExpired();
        long amount = SpendCounter.units(amountUsd);
        for (SpendLimit limit : limits) {
            long spent = spentUnits(limit);
            if (spent + amount > SpendCounter.units(limit.budgetUsd())) {
                return Optional.of(new Refusal(limit, SpendCounter.usd(spent)));
            }
        }
        add(limits, amount);
        return Optional.empty();
    }

    @Override
    public synchronized void adjust(List<SpendLimit> limits, BigDecimal deltaUsd) {
        add(limits, SpendCounter.units(deltaUsd));
    }

    @Override
    public synchronized void seed(SpendLimit limit, BigDecimal spentUsd) {
        if (!buckets.containsKey(limit.bucket())) {
            add(List.of(limit), SpendCounter.units(spentUsd));
        }
    }

    @Override
    public synchronized List<BigDecimal> spent(List<SpendLimit> limits) {
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
        buckets.values().removeIf(b -> b.expiresAtMillis <= now);
    }
}
