package io.agentry.server.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Run events and SSE streams ({@code agentry.streaming.*}).
 *
 * @param retention         how long a run's or task's events stay replayable after its latest event
 * @param heartbeatInterval an idle stream gets a comment line this often, so proxies keep it open and a
 *                          client that went away is noticed
 * @param clientBuffer      live events held for one SSE client that does not keep up; beyond that it is
 *                          sent {@code stream.dropped} and disconnected (it may resume with Last-Event-ID)
 * @param memoryMaxStreams  embedded mode only: finished streams kept in memory at most (the oldest go first)
 */
@ConfigurationProperties("agentry.streaming")
public record StreamingProperties(Duration retention, Duration heartbeatInterval, Integer clientBuffer,
                                  Integer memoryMaxStreams) {

    public StreamingProperties {
        retention = positive(retention, Duration.ofHours(24), "retention");
        heartbeatInterval = positive(heartbeatInterval, Duration.ofSeconds(15), "heartbeat-interval");
        clientBuffer = atLeastOne(clientBuffer, 2048, "client-buffer");
        memoryMaxStreams = atLeastOne(memoryMaxStreams, 10_000, "memory-max-streams");
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("agentry.streaming." + name + " must be positive");
        }
        return value;
    }

    private static int atLeastOne(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("agentry.streaming." + name + " must be at least 1");
        }
        return value;
    }
}
