package io.agentry.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

    @RepeatedTest(20)
    void delaysGrowPerAttemptWithinTheirJitterBandAndCap() {
        assertThat(backoff.delay(1, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(backoff.delay(2, null)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(backoff.delay(3, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(backoff.delay(30, null)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @RepeatedTest(5)
    void aProvidersRetryAfterIsHonoured() {
        assertThat(backoff.delay(1, Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(45));
        assertThat(backoff.delay(1, Duration.ofMillis(10))).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
