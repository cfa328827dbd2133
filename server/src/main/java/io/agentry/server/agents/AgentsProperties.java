package io.agentry.server.agents;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The agents this server serves ({@code agentry.agents.<name>.*}) and the one used when a request names
 * none ({@code agentry.default-agent}). With no agents configured, one agent named {@code default} runs
 * on the offline model with the calculator and current_time tools.
 */
@ConfigurationProperties("agentry")
public record AgentsProperties(Map<String, AgentProperties> agents, String defaultAgent) {

    public AgentsProperties {
        agents = agents == null ? Map.of() : Map.copyOf(agents);
        defaultAgent = defaultAgent == null || defaultAgent.isBlank() ? "default" : defaultAgent;
    }
}
