package io.agentry.server.langgraph.assistants;

import io.agentry.agent.AgentDefinition;
import io.agentry.langgraph.AssistantRecord;
import io.agentry.langgraph.AssistantStore;
import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.agents.AgentOverlay;
import io.agentry.server.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents of API-made assistants: an assistant id names its configured agent ({@code graph_id}) with the
 * overrides of its current version, read from {@code config.configurable} and then {@code context} (which wins):
 * {@code system_prompt}; {@code model} (the model of a configured agent, so that it is known to work and priced);
 * {@code tools} (a subset of the agent's tool entries); {@code max_iterations} and {@code max_tokens_per_run}
 * (which may only lower the agent's). Other keys are kept and ignored. Every process (API and worker) resolves an
 * assistant's agent this way when it runs, so a task runs the assistant as it is then.
 */
@Component
class AssistantAgents implements AgentOverlay {

    static final List<String> KEYS = List.of("system_prompt", "model", "tools", "max_iterations", "max_tokens_per_run");

    private final AssistantStore store;
    private final JsonMapper json;
    private final AgentCatalog configured;

    /** The catalog asks this overlay lazily (an ObjectProvider), so depending on it makes no cycle. */
    AssistantAgents(AssistantStore store, JsonMapper json, AgentCatalog configured) {
        this.store = store;
        this.json = json;
        this.configured = configured;
    }

    @Override
    public Optional<AgentDefinition> find(String name, Function<String, Optional<AgentDefinition>> agents) {
        return store.find(name).flatMap(a -> agents.apply(a.graphId()).map(base -> apply(base, a, agents)));
    }

    /** The base agent with the assistant's overrides; 422 (naming the key) for an override that cannot apply. */
    AgentDefinition apply(AgentDefinition base, AssistantRecord assistant, Function<String, Optional<AgentDefinition>> agents) {
        Map<String, Object> overrides = overrides(assistant.configJson(), assistant.contextJson());
        // every field the overrides do not name comes from the base agent, its approval policy included
        AgentDefinition agent = base.withName(assistant.assistantId());
        if (overrides.get("system_prompt") instanceof String prompt) {
            agent = agent.withSystemPrompt(prompt);
        } else if (overrides.containsKey("system_prompt")) {
            throw invalid("system_prompt", "must be text");
        }
        if (overrides.containsKey("model")) {
            Object model = overrides.get("model");
            boolean known = model instanceof String m && configured.names().stream()
                    .anyMatch(n -> configured.find(n).map(a -> a.model().equals(m)).orElse(false));
            if (!known) {
                throw invalid("model", "must be the model of a configured agent");
            }
            agent = agent.withModel((String) model);
        }
        if (overrides.containsKey("tools")) {
            if (!(overrides.get("tools") instanceof List<?> tools) || !tools.stream().allMatch(t -> t instanceof String)
                    || !base.tools().containsAll(tools)) {
                throw invalid("tools", "must be a list of the agent's own tools (" + String.join(", ", base.tools()) + ")");
            }
            agent = agent.withTools(tools.stream().map(String.class::cast).toList(), base.excludedTools());
        }
        if (overrides.containsKey("max_iterations")) {
            agent = agent.withMaxIterations(lower("max_iterations", overrides.get("max_iterations"), base.maxIterations()));
        }
        if (overrides.containsKey("max_tokens_per_run")) {
            agent = agent.withLimits(agent.maxIterations(),
                    lower("max_tokens_per_run", overrides.get("max_tokens_per_run"), base.maxTokensPerRun()),
                    agent.maxOutputTokens());
        }
        return agent;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> overrides(String configJson, String contextJson) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        Object configurable = json.readValue(configJson, Map.class).get("configurable");
        if (configurable instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (KEYS.contains(k)) {
                    overrides.put(k, v);
                }
            });
        }
        Object context = json.readValue(contextJson, Object.class);
        if (context instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (KEYS.contains(k)) {
                    overrides.put(k, v);
                }
            });
        }
        return overrides;
    }

    private static int lower(String key, Object value, long cap) {
        if (!(value instanceof Integer n) || n < 1) {
            throw invalid(key, "must be a whole number of at least 1");
        }
        return (int) Math.min(n, cap);
    }

    private static ApiException invalid(String key, String message) {
        return ApiException.invalid("config.configurable." + key, message);
    }
}
