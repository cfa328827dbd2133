package io.agentry.server.runs;

import static io.agentry.server.config.PropertyDefaults.positive;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Runs in general ({@code agentry.runs.*}).
 *
 * @param graceAfterTimeLimit how long past its time limit a run that has not ended is presumed lost (the process
 *                            running it died): its spend reservation is given back, and a follower of its event
 *                            stream ends the stream with {@code run.failed}. A run without a time limit is
 *                            presumed lost a day after it started, plus this. It must cover how far a run may
 *                            overrun its (soft) time limit and how far replicas' clocks may disagree: a run
 *                            presumed lost while it still runs has its stream ended early and its hold given
 *                            back (its real cost is still charged when it settles).
 */
@ConfigurationProperties("agentry.runs")
public record RunsProperties(Duration graceAfterTimeLimit) {

    /** What a run without a time limit is given: longer than any run, short enough not to spoil a month. */
    static final Duration WITHOUT_TIME_LIMIT = Duration.ofDays(1);

    public RunsProperties {
        graceAfterTimeLimit = positive(graceAfterTimeLimit, Duration.ofMinutes(5), "agentry.runs.grace-after-time-limit");
    }

    /** When a run with {@code timeLimit} (null for none), started at {@code start}, is presumed lost. */
    Instant presumedLostAt(Instant start, Duration timeLimit) {
        return start.plus(timeLimit == null ? WITHOUT_TIME_LIMIT : timeLimit).plus(graceAfterTimeLimit);
    }
}
