package io.agentry.limits;

import java.util.List;

/**
 * Sliding-window rate limits (the classic limiter: a log of what happened in the last window, not fixed
 * buckets that reset on the minute).
 *
 * <p>Contract: {@link #admit} is atomic over all its quotas, also against other processes sharing the
 * same backend: a request is counted against every {@link Quota.Unit#REQUESTS} quota, or against none
 * when any quota refuses. A REQUESTS quota refuses when {@code limit} requests are already in its window;
 * a TOKENS quota refuses when the tokens recorded in its window have reached {@code limit}. Thread-safe.
 */
public interface RateLimiter {

    Admission admit(List<Quota> quotas);

    /** Adds tokens spent (by a finished run) to a TOKENS bucket, counted for {@code quota.window()}. */
    void record(Quota quota, long tokens);
}
