package io.agentry.server.guardrails;

import io.agentry.limits.Admission;
import io.agentry.limits.Quota;
import io.agentry.limits.QuotaState;
import io.agentry.limits.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rate limits of run requests, as configured ({@link LimitsProperties}), on the {@link RateLimiter} of
 * this deployment (in-process, or Redis shared by every replica). Counts refusals in
 * {@code agent_rate_limited_total{policy}}.
 */
@Component
public class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    /** Policy names, as clients see them in {@code RateLimit-Policy}. */
    public static final String USER = "user";
    public static final String GLOBAL = "global";
    public static final String TOKENS = "tokens";
    /** Refusals by policy: {@code agent_rate_limited_total{policy}}. */
    static final String REFUSED_METRIC = "agent.rate.limited";
    static final Duration TOKEN_WINDOW = Duration.ofMinutes(1);

    private final LimitsProperties properties;
    private final RateLimiter limiter;
    private final MeterRegistry meters;

    public RateLimits(LimitsProperties properties, RateLimiter limiter, MeterRegistry meters) {
        this.properties = properties;
        this.limiter = limiter;
        this.meters = meters;
        // at zero from the start, so rates and alerts over them work before the first refusal
        List.of(USER, GLOBAL, TOKENS).forEach(this::refusals);
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * Admits one run request for a user, or refuses it without counting it anywhere.
     *
     * @param keyName the API key's name (for its overrides)
     * @param agent   the agent asked for (for its overrides)
     */
    public Admission admit(String userId, String keyName, String agent) {
        Admission admission;
        try {
            admission = limiter.admit(quotas(userId, keyName, agent));
        } catch (RuntimeException e) {
            // the shared limiter (Redis) is unreachable: serve rather than refuse everyone; limits resume with it
            log.warn("Rate limiter unavailable ({}); admitting the request unlimited", e.getClass().getSimpleName());
            return new Admission(true, List.of());
        }
        admission.refusedBy().ifPresent(refused ->
                refusals(refused.quota().policy()).increment());
        return admission;
    }

    private Counter refusals(String policy) {
        return meters.counter(REFUSED_METRIC, "policy", policy);
    }

    /** Records a finished run's tokens against its user's tokens-per-minute count, when any such limit exists. */
    public void recordTokens(String userId, long tokens) {
        if (properties.enabled() && properties.limitsTokens() && tokens > 0) {
            try {
                limiter.record(Quota.tokens(TOKENS, tokenBucket(userId), Long.MAX_VALUE, TOKEN_WINDOW), tokens);
            } catch (RuntimeException e) {
                // never fail a finished run over its bookkeeping: that would make a task run twice
                log.warn("Rate limiter unavailable ({}); {} tokens not counted", e.getClass().getSimpleName(), tokens);
            }
        }
    }

    List<Quota> quotas(String userId, String keyName, String agent) {
        LimitsProperties.Resolved limits = properties.resolve(keyName, agent);
        List<Quota> quotas = new ArrayList<>(3);
        quotas.add(Quota.requests(USER, "req:" + limits.scope() + ":" + userId, limits.requests(), limits.window()));
        if (properties.globalRequests() != null) {
            quotas.add(Quota.requests(GLOBAL, "req:global", properties.globalRequests(), properties.globalWindow()));
        }
        if (limits.tokensPerMinute() != null) {
            quotas.add(Quota.tokens(TOKENS, tokenBucket(userId), limits.tokensPerMinute(), TOKEN_WINDOW));
        }
        return quotas;
    }

    private static String tokenBucket(String userId) {
        return "tok:" + userId;
    }

    /** The problem detail for a refusal, e.g. "Rate limit exceeded: max 10 requests per 60s". */
    public static String detail(QuotaState refused) {
        Quota quota = refused.quota();
        String unit = quota.unit() == Quota.Unit.TOKENS ? "tokens" : "requests";
        return "Rate limit exceeded: max " + quota.limit() + " " + unit + " per " + seconds(quota.window()) + "s"
                + (GLOBAL.equals(quota.policy()) ? " across all users" : "");
    }

    /** Whole seconds, rounded up. */
    public static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
