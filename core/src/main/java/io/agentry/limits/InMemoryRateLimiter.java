package io.agentry.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@link RateLimiter} for one process (the embedded mode): a log of timestamps per bucket, guarded by one
 * lock, so an admission over several quotas is atomic. Empty buckets are dropped, so memory follows the
 * number of buckets active in the last window.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private record Entry(long atMillis, long amount) {
    }

    private final Clock clock;
    private final Map<String, Deque<Entry>> buckets = new HashMap<>();

    public InMemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Admission admit(List<Quota> quotas) {
        long now = clock.millis();
        List<QuotaState> states = new ArrayList<>(quotas.size());
        boolean allowed = true;
        for (Quota quota : quotas) {
            Deque<Entry> log = trimmed(quota, now);
            QuotaState state = quota.unit() == Quota.Unit.REQUESTS ? requestState(quota, log, now) : tokenState(quota, log, now);
            allowed &= !state.refused();
            states.add(state);
        }
        if (allowed) {
            for (int i = 0; i < quotas.size(); i++) {
                Quota quota = quotas.get(i);
                if (quota.unit() == Quota.Unit.REQUESTS) {
                    Deque<Entry> log = buckets.computeIfAbsent(quota.bucket(), b -> new ArrayDeque<>());
                    log.addLast(new Entry(now, 1));
                    QuotaState before = states.get(i);
                    states.set(i, new QuotaState(quota, before.remaining() - 1, before.resetAfter(), false));
                }
            }
        }
        return new Admission(allowed, states);
    }

    @Override
    public synchronized void record(Quota quota, long tokens) {
        if (tokens <= 0) {
            return;
        }
        long now = clock.millis();
        trimmed(quota, now);
        buckets.computeIfAbsent(quota.bucket(), b -> new ArrayDeque<>()).addLast(new Entry(now, tokens));
    }

    /** The bucket's log without entries older than the quota's window; removes the bucket when empty. */
    private Deque<Entry> trimmed(Quota quota, long now) {
        Deque<Entry> log = buckets.get(quota.bucket());
        if (log == null) {
            return new ArrayDeque<>();
        }
        long oldest = now - quota.window().toMillis();
        while (!log.isEmpty() && log.peekFirst().atMillis() <= oldest) {
            log.removeFirst();
        }
        if (log.isEmpty()) {
            buckets.remove(quota.bucket());
        }
        return log;
    }

    private static QuotaState requestState(Quota quota, Deque<Entry> log, long now) {
        long window = quota.window().toMillis();
        int count = log.size();
        if (count < quota.limit()) {
            long reset = count == 0 ? window : log.peekFirst().atMillis() + window - now;
            return new QuotaState(quota, quota.limit() - count, Duration.ofMillis(reset), false);
        }
        // room again when the (count - limit + 1)-th oldest request leaves the window
        Iterator<Entry> it = log.iterator();
        Entry freeing = it.next();
        for (long i = 0; i < count - quota.limit(); i++) {
            freeing = it.next();
        }
        return new QuotaState(quota, 0, Duration.ofMillis(Math.max(1, freeing.atMillis() + window - now)), true);
    }

    private static QuotaState tokenState(Quota quota, Deque<Entry> log, long now) {
        long window = quota.window().toMillis();
        long used = 0;
        for (Entry entry : log) {
            used += entry.amount();
        }
        if (used < quota.limit()) {
            long reset = log.isEmpty() ? window : log.peekFirst().atMillis() + window - now;
            return new QuotaState(quota, quota.limit() - used, Duration.ofMillis(reset), false);
        }
        long left = used;
        for (Entry entry : log) {
            left -= entry.amount();
            if (left < quota.limit()) {
                return new QuotaState(quota, 0, Duration.ofMillis(Math.max(1, entry.atMillis() + window - now)), true);
            }
        }
        throw new IllegalStateException("unreachable: an empty log is under any limit");
    }
}
