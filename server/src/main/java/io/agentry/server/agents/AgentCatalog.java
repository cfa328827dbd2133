package io.agentry.server.agents;

import io.agentry.agent.AgentDefinition;
import io.agentry.model.ModelResolver;
import io.agentry.tool.ToolRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The enabled agents, checked at start-up: every tool named must exist, every MCP server a tool pattern names
 * must be configured (whether it is up does not matter: its tools are offered while it is), and every model
 * must be resolvable (which, for providers, means a key is configured), so a misconfigured agent stops the
 * server with a clear message instead of failing its first request.
 */
@Component
public class AgentCatalog {

    private final Map<String, AgentDefinition> agents;
    private final String defaultAgent;

    public AgentCatalog(AgentsProperties properties, ToolRegistry tools, ModelResolver models) {
        Map<String, AgentProperties> configured = properties.agents().isEmpty()
                ? Map.of("default", AgentProperties.unconfigured())
                : properties.agents();
        Map<String, AgentDefinition> enabled = new LinkedHashMap<>();
        configured.forEach((name, agent) -> {
            if (!agent.isEnabled()) {
                return;
            }
            AgentDefinition definition;
            try {
                definition = agent.toDefinition(name);
                tools.check(definition.toolSelection());
                models.resolve(definition.model());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Agent '" + name + "' is misconfigured: " + e.getMessage(), e);
            }
            enabled.put(name, definition);
        });
        if (!enabled.containsKey(properties.defaultAgent())) {
            throw new IllegalStateException("agentry.default-agent names '" + properties.defaultAgent()
                    + "', which is not an enabled agent; enabled agents: " + enabled.keySet());
        }
        this.agents = Map.copyOf(enabled);
        this.defaultAgent = properties.defaultAgent();
    }

    /** The named agent, or the default one for a null name. */
    public Optional<AgentDefinition> find(String name) {
        return Optional.ofNullable(agents.get(name == null ? defaultAgent : name));
    }

    public AgentDefinition defaultAgent() {
        return agents.get(defaultAgent);
    }

    public Set<String> names() {
        return agents.keySet();
    }
}
