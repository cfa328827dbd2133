package io.agentry.server.agents;

import io.agentry.agent.AgentDefinition;
import java.util.Optional;
import java.util.function.Function;

/**
 * Agents that exist beside the configured ones, made at run time from one of them (the LangGraph API's assistants,
 * each a configured agent with overrides). {@link AgentCatalog#find} asks an overlay for a name it does not
 * configure, handing it the configured agents to build on; whoever runs a task of such a name (any process) finds it
 * the same way.
 */
public interface AgentOverlay {

    /** The agent of that name, built on {@code configured} (a configured agent by name), or empty. */
    Optional<AgentDefinition> find(String name, Function<String, Optional<AgentDefinition>> configured);
}
