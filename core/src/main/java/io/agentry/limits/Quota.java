package io.agentry.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit checked when a request is admitted: at most {@code limit} units in any sliding
 * {@code window} of the {@code bucket}'s history.
 *
 * @param policy name shown to clients ({@code RateLimit-Policy}); several buckets may share a policy name
 * @param bucket what is counted, e.g. one user's requests; buckets are independent of each other
 * @param unit   {@link Unit#REQUESTS}: admission counts one request against it; {@link Unit#TOKENS}: admission
 *               only checks it, the tokens are recorded after the run with {@link RateLimiter#record}
 */
public record Quota(String policy, String bucket, Unit unit, long limit, Duration window) {

    public enum Unit { REQUESTS, TOKENS }

    public Quota {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(unit, "unit");
        if (limit < 1) {
            throw new IllegalArgumentException("limit of " + policy + " must be at least 1");
        }
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("window of " + policy + " must be at least 1 ms");
        }
    }

    public static Quota requests(String policy, String bucket, long limit, Duration window) {
        return new Quota(policy, bucket, Unit.REQUESTS, limit, window);
    }

    public static Quota tokens(String policy, String bucket, long limit, Duration window) {
        return new Quota(policy, bucket, Unit.TOKENS, limit, window);
    }
}
