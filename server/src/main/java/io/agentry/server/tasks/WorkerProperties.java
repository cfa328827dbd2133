package io.agentry.server.tasks;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The background-task worker of this process ({@code agentry.worker.*}).
 *
 * @param id               names this worker in leases and logs; host, pid and a random suffix by default
 * @param concurrency      tasks run at once (virtual threads); a task is claimed only for a free slot
 * @param leaseDuration    a claim expires this long after its last renewal; a dead worker's tasks are
 *                         claimed again after it
 * @param heartbeatInterval how often held leases are renewed (well under the lease duration)
 * @param pollInterval     how often an idle worker looks for claimable tasks when no wake-up arrives
 * @param recoveryInterval how often expired leases are looked for
 * @param softTimeLimit    a run is interrupted and fails with "Time limit exceeded" after this
 * @param hardTimeLimit    the attempt is abandoned (slot freed, lease released) after this
 * @param shutdownGrace    on shutdown, running tasks get this long to finish before they are released
 * @param retryBaseDelay   first retry delay; doubles per attempt (with full jitter) up to {@code retryMaxDelay}
 */
@ConfigurationProperties("agentry.worker")
public record WorkerProperties(String id, Integer concurrency, Duration leaseDuration, Duration heartbeatInterval,
                               Duration pollInterval, Duration recoveryInterval, Duration softTimeLimit,
                               Duration hardTimeLimit, Duration shutdownGrace, Duration retryBaseDelay,
                               Duration retryMaxDelay) {

    public WorkerProperties {
        id = id == null || id.isBlank() ? defaultId() : id;
        concurrency = concurrency == null ? 32 : concurrency;
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(30) : leaseDuration;
        heartbeatInterval = heartbeatInterval == null ? leaseDuration.dividedBy(3) : heartbeatInterval;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        recoveryInterval = recoveryInterval == null ? Duration.ofSeconds(5) : recoveryInterval;
        softTimeLimit = softTimeLimit == null ? Duration.ofSeconds(300) : softTimeLimit;
        hardTimeLimit = hardTimeLimit == null ? Duration.ofSeconds(360) : hardTimeLimit;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(25) : shutdownGrace;
        retryBaseDelay = retryBaseDelay == null ? Duration.ofSeconds(2) : retryBaseDelay;
        retryMaxDelay = retryMaxDelay == null ? Duration.ofMinutes(5) : retryMaxDelay;
        if (concurrency < 1) {
            throw new IllegalStateException("agentry.worker.concurrency must be at least 1");
        }
        if (heartbeatInterval.compareTo(leaseDuration) >= 0) {
            throw new IllegalStateException("agentry.worker.heartbeat-interval must be shorter than the lease duration");
        }
        if (hardTimeLimit.compareTo(softTimeLimit) < 0) {
            throw new IllegalStateException("agentry.worker.hard-time-limit must not be shorter than the soft time limit");
        }
    }

    private static String defaultId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "host");
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
