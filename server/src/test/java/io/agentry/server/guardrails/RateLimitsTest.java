package io.agentry.server.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.limits.Admission;
import io.agentry.limits.InMemoryRateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static LimitsProperties properties(Long globalRequests, Long tokensPerMinute,
                                               Map<String, LimitsProperties.LimitOverride> agents,
                                               Map<String, LimitsProperties.LimitOverride> keys) {
        return new LimitsProperties(null, null, null, tokensPerMinute, globalRequests, null, agents, keys);
    }

    @Test
    void defaultsAreTenRequestsPerSixtySecondsPerUserAndNothingElse() {
        LimitsProperties defaults = properties(null, null, null, null);
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.resolve("any", "default")).isEqualTo(new LimitsProperties.Resolved("user", 10, Duration.ofSeconds(60), null));
        assertThat(defaults.limitsTokens()).isFalse();
    }

    @Test
    void aKeyOverrideWinsOverAnAgentOverrideFieldByField() {
        LimitsProperties limits = properties(null, 1000L,
                Map.of("bulk", new LimitsProperties.LimitOverride(50L, Duration.ofSeconds(10), 9L)),
                Map.of("app", new LimitsProperties.LimitOverride(null, null, 5000L)));

        assertThat(limits.resolve("app", "bulk")).isEqualTo(new LimitsProperties.Resolved("agent:bulk", 50, Duration.ofSeconds(10), 5000L));
        assertThat(limits.resolve("other", "bulk")).isEqualTo(new LimitsProperties.Resolved("agent:bulk", 50, Duration.ofSeconds(10), 9L));
        assertThat(limits.resolve("app", "default")).isEqualTo(new LimitsProperties.Resolved("user", 10, Duration.ofSeconds(60), 5000L));
        assertThat(limits.limitsTokens()).isTrue();
    }

    @Test
    void invalidLimitsStopTheServerWithTheirName() {
        assertThatThrownBy(() -> properties(0L, null, null, null)).hasMessageContaining("agentry.limits.global-requests");
        assertThatThrownBy(() -> properties(null, null, null,
                Map.of("app", new LimitsProperties.LimitOverride(-1L, null, null))))
                .hasMessageContaining("agentry.limits.keys.app.requests");
    }

    @Test
    void theGlobalLimitCountsEveryUserAndSaysSo() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RateLimits limits = new RateLimits(properties(3L, null, null, null), new InMemoryRateLimiter(Clock.systemUTC()), meters);

        assertThat(limits.admit("a", "k", "default").allowed()).isTrue();
        assertThat(limits.admit("b", "k", "default").allowed()).isTrue();
        assertThat(limits.admit("c", "k", "default").allowed()).isTrue();
        Admission refused = limits.admit("d", "k", "default");

        assertThat(refused.allowed()).isFalse();
        assertThat(RateLimits.detail(refused.refusedBy().orElseThrow()))
                .isEqualTo("Rate limit exceeded: max 3 requests per 60s across all users");
        assertThat(meters.counter("agent.rate.limited", "policy", "global").count()).isEqualTo(1);
    }

    @Test
    void tokensAreRecordedOnlyWhenSomeTokenLimitExists() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(Clock.systemUTC());
        RateLimits noTokenLimit = new RateLimits(properties(null, null, null, null), limiter, new SimpleMeterRegistry());
        noTokenLimit.recordTokens("u", 1_000_000);
        RateLimits withTokenLimit = new RateLimits(properties(null, 100L, null, null), limiter, new SimpleMeterRegistry());
        assertThat(withTokenLimit.admit("u", null, "default").allowed()).isTrue();

        withTokenLimit.recordTokens("u", 100);
        assertThat(withTokenLimit.admit("u", null, "default").refusedBy().orElseThrow().quota().policy()).isEqualTo("tokens");
    }

    @Test
    void anUnreachableSharedLimiterAdmitsRatherThanFailingRequestsOrFinishedRuns() {
        io.agentry.limits.RateLimiter down = new io.agentry.limits.RateLimiter() {
            @Override
            public Admission admit(java.util.List<io.agentry.limits.Quota> quotas) {
                throw new IllegalStateException("Redis connection refused");
            }

            @Override
            public void record(io.agentry.limits.Quota quota, long tokens) {
                throw new IllegalStateException("Redis connection refused");
            }
        };
        RateLimits limits = new RateLimits(properties(null, 1000L, null, null), down, new SimpleMeterRegistry());

        Admission admission = limits.admit("alice", "key", "default");
        assertThat(admission.allowed()).isTrue();
        assertThat(admission.states()).isEmpty();
        limits.recordTokens("alice", 500);
    }
}
