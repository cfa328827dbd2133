package io.agentry.server.runs;

import io.agentry.events.EventLog;
import io.agentry.events.InMemoryEventLog;
import io.agentry.server.config.ConditionalOnNoRedis;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event log of the embedded mode; with {@code agentry.redis.url} set, Redis Streams take its place. */
@Configuration(proxyBeanMethods = false)
class EventLogConfiguration {

    @Bean
    @ConditionalOnNoRedis
    EventLog inMemoryEventLog(Clock clock, StreamingProperties properties) {
        return new InMemoryEventLog(clock, properties.retention(), properties.memoryMaxStreams());
    }
}
