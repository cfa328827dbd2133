package io.agentry.server.memory;

import io.agentry.memory.MemoryLimits;
import io.agentry.memory.MemoryStore;
import io.agentry.memory.RecallTool;
import io.agentry.memory.RememberTool;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The memory tools, offered to agents that list {@code remember} or {@code recall} among their tools
 * (every {@link io.agentry.tool.Tool} bean joins the tool registry).
 */
@Configuration(proxyBeanMethods = false)
class MemoryConfiguration {

    @Bean
    MemoryLimits memoryLimits(MemoryProperties properties) {
        return properties.limits();
    }

    @Bean
    RememberTool rememberTool(MemoryStore store, MemoryLimits limits, Clock clock) {
        return new RememberTool(store, limits, clock);
    }

    @Bean
    RecallTool recallTool(MemoryStore store, Clock clock) {
        return new RecallTool(store, clock);
    }
}
