package io.agentry.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} must do. A backend's test extends this and supplies the limiter. */
public abstract class RateLimiterContract {

    protected abstract RateLimiter limiter();

    private static String bucket() {
        return "bucket-" + UUID.randomUUID();
    }

    @Test
    void admitsUpToTheLimitThenRefusesWithTheWaitUntilTheOldestRequestLeavesTheWindow() {
        Quota quota = Quota.requests("user", bucket(), 3, Duration.ofSeconds(60));

        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Admission admission = limiter().admit(List.of(quota));
            assertThat(admission.allowed()).isTrue();
            remaining.add(admission.states().getFirst().remaining());
        }
        Admission refused = limiter().admit(List.of(quota));

        assertThat(remaining).containsExactly(2L, 1L, 0L);
        assertThat(refused.allowed()).isFalse();
        QuotaState state = refused.refusedBy().orElseThrow();
        assertThat(state.quota()).isEqualTo(quota);
        assertThat(state.remaining()).isZero();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aRefusedRequestCountsAgainstNoQuota() {
        String global = bucket();
        Quota aliceQuota = Quota.requests("user", bucket(), 2, Duration.ofSeconds(60));
        Quota bobQuota = Quota.requests("user", bucket(), 2, Duration.ofSeconds(60));
        Quota globalQuota = Quota.requests("global", global, 3, Duration.ofSeconds(60));

        assertThat(limiter().admit(List.of(aliceQuota, globalQuota)).allowed()).isTrue();
        assertThat(limiter().admit(List.of(aliceQuota, globalQuota)).allowed()).isTrue();
        Admission aliceRefused = limiter().admit(List.of(aliceQuota, globalQuota));
        assertThat(aliceRefused.allowed()).isFalse();
        assertThat(aliceRefused.refusedBy().orElseThrow().quota().policy()).isEqualTo("user");

        Admission bob = limiter().admit(List.of(bobQuota, globalQuota));
        assertThat(bob.allowed()).as("alice's refused request took no global slot").isTrue();
        Admission bobRefused = limiter().admit(List.of(bobQuota, globalQuota));
        assertThat(bobRefused.allowed()).isFalse();
        assertThat(bobRefused.refusedBy().orElseThrow().quota().policy()).isEqualTo("global");
        assertThat(bobRefused.states().getFirst().remaining()).as("bob's refused request took no user slot").isEqualTo(1);
    }

    @Test
    void theWindowSlides() {
        Quota quota = Quota.requests("user", bucket(), 1, Duration.ofMillis(300));
        assertThat(limiter().admit(List.of(quota)).allowed()).isTrue();
        assertThat(limiter().admit(List.of(quota)).allowed()).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> limiter().admit(List.of(quota)).allowed());
    }

    @Test
    void tokensAreCheckedOnAdmissionAndRefuseOnceTheyReachTheLimit() {
        Quota tokens = Quota.tokens("tokens", bucket(), 100, Duration.ofSeconds(60));

        assertThat(limiter().admit(List.of(tokens)).allowed()).isTrue();
        limiter().record(tokens, 60);
        Admission partly = limiter().admit(List.of(tokens));
        assertThat(partly.allowed()).isTrue();
        assertThat(partly.states().getFirst().remaining()).as("admission does not consume tokens").isEqualTo(40);

        limiter().record(tokens, 40);
        Admission refused = limiter().admit(List.of(tokens));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusedBy().orElseThrow().quota().unit()).isEqualTo(Quota.Unit.TOKENS);
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void tokensLeaveTheWindowToo() {
        Quota tokens = Quota.tokens("tokens", bucket(), 10, Duration.ofMillis(300));
        limiter().record(tokens, 25);
        assertThat(limiter().admit(List.of(tokens)).allowed()).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> limiter().admit(List.of(tokens)).allowed());
    }

    @Test
    void concurrentRequestsNeverGetMoreThanTheLimit() throws Exception {
        Quota quota = Quota.requests("user", bucket(), 10, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                attempts.add(() -> limiter().admit(List.of(quota)).allowed());
            }
            long allowed = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) {
                allowed += f.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }
}
