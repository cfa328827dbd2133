package io.agentry.model;

import java.util.Objects;

/**
 * What one agent asks of every model call beyond the request itself. Providers map it to their own
 * options: Anthropic marks the system prompt and the tool definitions cacheable ({@code cache_control});
 * OpenAI sends a {@code prompt_cache_key} derived from the agent, so that the agent's calls, which share
 * their prefix, are routed to the same prompt cache. Providers that need neither ignore it.
 *
 * @param agent         the agent's name, stable across restarts
 * @param promptCaching whether the agent wants its prompt prefix cached (the agent's {@code prompt-caching})
 */
public record CallSettings(String agent, boolean promptCaching) {

    /** For calls made on behalf of no agent: nothing is asked of the provider. */
    public static final CallSettings NONE = new CallSettings("", false);

    public CallSettings {
        Objects.requireNonNull(agent, "agent");
    }
}
