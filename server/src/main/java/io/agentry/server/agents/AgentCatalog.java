package io.agentry.server.agents;

import io.agentry.agent.AgentDefinition;
import io.agentry.model.ModelResolver;
import io.agentry.server.models.ModelSetupException;
import io.agentry.tool.ToolRegistry;
import io.agentry.tool.ToolSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The enabled agents, checked at start-up: every tool named must exist, every MCP server a tool pattern names
 * must be configured (whether it is up does not matter: its tools are offered while it is), and every model
 * must be resolvable (which, for providers, means a key is configured), so a misconfigured agent stops the
 * server with a clear message ({@link MisconfiguredAgentException}: what is wrong, the setting that fixes it)
 * instead of failing its first request.
 */
@Component
public class AgentCatalog {

    private final Map<String, AgentDefinition> agents;
    private final String defaultAgent;

    private final ObjectProvider<AgentOverlay> overlays;

    /** The configured agents only (no {@link AgentOverlay}). */
    public AgentCatalog(AgentsProperties properties, ToolRegistry tools, ModelResolver models) {
        this(properties, tools, models, null);
    }

    /** The configured agents, and those the overlay (when there is one) makes of them. */
    @Autowired
    public AgentCatalog(AgentsProperties properties, ToolRegistry tools, ModelResolver models,
                        ObjectProvider<AgentOverlay> overlays) {
        this.overlays = overlays;
        Map<String, AgentProperties> configured = properties.agents().isEmpty()
                ? Map.of("default", AgentProperties.unconfigured())
                : properties.agents();
        Map<String, AgentDefinition> enabled = new LinkedHashMap<>();
        configured.forEach((name, agent) -> {
            if (!agent.isEnabled()) {
                return;
            }
            enabled.put(name, checked(name, agent, tools, models));
        });
        if (!enabled.containsKey(properties.defaultAgent())) {
            throw new MisconfiguredAgentException("agentry.default-agent names '" + properties.defaultAgent()
                    + "', which is not an enabled agent (enabled: " + String.join(", ", enabled.keySet()) + ").",
                    "Set agentry.default-agent to one of them, or configure an agent named '" + properties.defaultAgent() + "'.",
                    null);
        }
        this.agents = Map.copyOf(enabled);
        this.defaultAgent = properties.defaultAgent();
    }

    /** The agent's definition, once its tools and its model are known to exist and to be usable. */
    private static AgentDefinition checked(String name, AgentProperties agent, ToolRegistry tools, ModelResolver models) {
        String settings = "agentry.agents." + name;
        AgentDefinition definition;
        try {
            definition = agent.toDefinition(name);
        } catch (IllegalArgumentException e) {
            throw new MisconfiguredAgentException("Agent '" + name + "' is misconfigured: " + e.getMessage() + ".",
                    "Correct its settings under " + settings + " (README.md, \"Configuration\").", e);
        }
        ToolSelection selection = definition.toolSelection();
        List<String> unknownTools = Stream.concat(selection.included().stream(), selection.excluded().stream())
                .filter(entry -> !entry.isPattern() && tools.find(entry.pattern()).isEmpty())
                .map(ToolSelection.Entry::pattern).toList();
        if (!unknownTools.isEmpty()) {
            throw new MisconfiguredAgentException("Agent '" + name + "' lists tools that do not exist: "
                    + String.join(", ", unknownTools) + ".",
                    "Set " + settings + ".tools to tools among " + String.join(", ", tools.names()) + ".", null);
        }
        try {
            tools.check(selection);
        } catch (IllegalArgumentException e) {
            throw new MisconfiguredAgentException("Agent '" + name + "' is misconfigured: " + e.getMessage() + ".",
                    "Configure the MCP server under agentry.mcp.servers, or correct " + settings + ".tools.", e);
        }
        try {
            tools.check(definition.approval().selection());
        } catch (IllegalArgumentException e) {
            throw new MisconfiguredAgentException("Agent '" + name + "' requires approval of tools that do not exist: "
                    + e.getMessage() + ".", "Correct " + settings + ".requires-approval: its entries have the form of "
                    + settings + ".tools.", e);
        }
        try {
            models.resolve(definition.model());
        } catch (ModelSetupException e) {
            throw new MisconfiguredAgentException("Agent '" + name + "' cannot use its model: " + e.problem() + ".",
                    e.isUnknownModel()
                            ? "Set " + settings + ".model to " + e.remedy() + "."
                            : "Set " + e.remedy() + ", or turn the agent off with " + settings + ".enabled=false.",
                    e);
        } catch (IllegalArgumentException e) {
            throw new MisconfiguredAgentException("Agent '" + name + "' cannot use its model: " + e.getMessage() + ".",
                    "Set " + settings + ".model to a model this server has (README.md, \"Use a real model\").", e);
        }
        return definition;
    }

    /** The named agent, or the default one for a null name; an {@link AgentOverlay}'s for a name not configured. */
    public Optional<AgentDefinition> find(String name) {
        AgentDefinition configured = agents.get(name == null ? defaultAgent : name);
        if (configured != null || overlays == null) {
            return Optional.ofNullable(configured);
        }
        AgentOverlay overlay = overlays.getIfAvailable();
        return overlay == null ? Optional.empty() : overlay.find(name, n -> Optional.ofNullable(agents.get(n)));
    }

    public AgentDefinition defaultAgent() {
        return agents.get(defaultAgent);
    }

    public Set<String> names() {
        return agents.keySet();
    }
}
