package io.agentry.server.langgraph.assistants;

import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.langgraph.LangGraphJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The assistants: every configured agent is one, with {@code graph_id} = the agent's name and a stable id (a
 * name-based UUID of the name, the same on every replica and after every restart). A run may name an assistant by
 * its id or by its graph id, as LangGraph Server allows.
 */
@Service
public class Assistants {

    /** What a run needs of its assistant: its id, and the agent it runs. */
    public record Resolved(String assistantId, String agent) {
    }

    private final AgentCatalog agents;
    private final String startedAt;

    Assistants(AgentCatalog agents, Clock clock) {
        this.agents = agents;
        this.startedAt = LangGraphJson.time(clock.instant());
    }

    /** The id of the configured agent's assistant. */
    public static String idOf(String agent) {
        return UUID.nameUUIDFromBytes(("agentry-agent:" + agent).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The assistant named by its id or by its graph id (an agent's name); empty for neither. */
    public Optional<Resolved> resolve(String assistantIdOrGraphId) {
        if (assistantIdOrGraphId == null) {
            return Optional.empty();
        }
        for (String agent : agents.names()) {
            if (agent.equals(assistantIdOrGraphId) || idOf(agent).equals(assistantIdOrGraphId)) {
                return Optional.of(new Resolved(idOf(agent), agent));
            }
        }
        return Optional.empty();
    }

    List<AssistantView> all() {
        return agents.names().stream().sorted().map(this::view).toList();
    }

    Optional<AssistantView> find(String assistantIdOrGraphId) {
        return resolve(assistantIdOrGraphId).map(r -> view(r.agent()));
    }

    private AssistantView view(String agent) {
        return new AssistantView(idOf(agent), agent, Map.of("configurable", Map.of()), Map.of(), startedAt, startedAt,
                Map.of("created_by", "system"), 1, agent, null);
    }
}
