package io.agentry.server.runs;

import static io.agentry.server.config.PropertyDefaults.atLeastOne;
import static io.agentry.server.config.PropertyDefaults.positive;

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
        retention = positive(retention, Duration.ofHours(24), "agentry.streaming.retention");
        heartbeatInterval = positive(heartbeatInterval, Duration.ofSeconds(15), "agentry.streaming.heartbeat-interval");
        clientBuffer = atLeastOne(clientBuffer, 2048, "agentry.streaming.client-buffer");
        memoryMaxStreams = atLeastOne(memoryMaxStreams, 10_000, "agentry.streaming.memory-max-streams");
    }
}
