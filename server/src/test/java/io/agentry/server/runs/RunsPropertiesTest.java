package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunsPropertiesTest {

    private static final Instant START = Instant.parse("2026-11-28T08:00:00Z");

    @Test
    void aRunIsPresumedLostItsTimeLimitPlusTheGraceAfterItStarted() {
        RunsProperties defaults = new RunsProperties(null);
        assertThat(defaults.graceAfterTimeLimit()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.presumedLostAt(START, Duration.ofSeconds(300))).isEqualTo(START.plusSeconds(600));
        assertThat(new RunsProperties(Duration.ofSeconds(1)).presumedLostAt(START, Duration.ofSeconds(4)))
                .isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aRunWithoutATimeLimitIsGivenADay() {
        assertThat(new RunsProperties(null).presumedLostAt(START, null))
                .isEqualTo(START.plus(Duration.ofDays(1)).plusSeconds(300));
    }

    @Test
    void aGraceThatIsNotPositiveIsRefusedByName() {
        assertThatThrownBy(() -> new RunsProperties(Duration.ZERO))
                .hasMessage("agentry.runs.grace-after-time-limit must be positive");
    }
}
