package io.agentry.server.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.limits.Admission;
import io.agentry.limits.InMemoryRateLimiter;
import io.agentry.server.config.PropertyDefaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    /** The limits as configured by {@code agentry.limits.*} settings (relaxed names). */
    private static LimitsProperties properties(Map<String, String> settings) {
        return PropertyDefaults.bind(LimitsProperties.class, "agentry.limits", settings);
    }

    @Test
    void defaultsAreTenRequestsPerSixtySecondsPerUserAndNothingElse() {
        LimitsProperties defaults = properties(Map.of());
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.resolve("any", "default")).isEqualTo(new LimitsProperties.Resolved("user", 10, Duration.ofSeconds(60), null));
        assertThat(defaults.limitsTokens()).isFalse();
    }

    @Test
    void aKeyOverrideWinsOverAnAgentOverrideFieldByField() {
        LimitsProperties limits = properties(Map.of("tokens-per-minute", "1000",
                "agents.bulk.requests", "50", "agents.bulk.window", "10s", "agents.bulk.tokens-per-minute", "9",
                "keys.app.tokens-per-minute", "5000"));

        assertThat(limits.resolve("app", "bulk")).isEqualTo(new LimitsProperties.Resolved("agent:bulk", 50, Duration.ofSeconds(10), 5000L));
        assertThat(limits.resolve("other", "bulk")).isEqualTo(new LimitsProperties.Resolved("agent:bulk", 50, Duration.ofSeconds(10), 9L));
        assertThat(limits.resolve("app", "default")).isEqualTo(new LimitsProperties.Resolved("user", 10, Duration.ofSeconds(60), 5000L));
        assertThat(limits.limitsTokens()).isTrue();
    }

    @Test
    void invalidLimitsStopTheServerWithTheirName() {
        assertThatThrownBy(() -> properties(Map.of("global-requests", "0")))
                .rootCause().hasMessageContaining("agentry.limits.global-requests");
        assertThatThrownBy(() -> properties(Map.of("keys.app.requests", "-1")))
                .rootCause().hasMessageContaining("agentry.limits.keys.app.requests");
    }

    @Test
    void theGlobalLimitCountsEveryUserAndSaysSo() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RateLimits limits = new RateLimits(properties(Map.of("global-requests", "3")), new InMemoryRateLimiter(Clock.systemUTC()), meters);

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
        RateLimits noTokenLimit = new RateLimits(properties(Map.of()), limiter, new SimpleMeterRegistry());
        noTokenLimit.recordTokens("u", 1_000_000);
        RateLimits withTokenLimit = new RateLimits(properties(Map.of("tokens-per-minute", "100")), limiter, new SimpleMeterRegistry());
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
        RateLimits limits = new RateLimits(properties(Map.of("tokens-per-minute", "1000")), down, new SimpleMeterRegistry());

        Admission admission = limits.admit("alice", "key", "default");
        assertThat(admission.allowed()).isTrue();
        assertThat(admission.states()).isEmpty();
        limits.recordTokens("alice", 500);
    }
}
