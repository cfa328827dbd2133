package io.agentry.model;

/** Finds the client for a configured model id such as {@code offline} or {@code anthropic:claude-sonnet-4-5}. */
@FunctionalInterface
public interface ModelResolver {

    /** @throws IllegalArgumentException when no such model is configured (unknown provider, no key) */
    ModelClient resolve(String modelId);

    /**
     * The client one agent's calls go through: the model with the agent's {@link CallSettings} applied to
     * every request. Resolvers whose models have no per-agent options return {@link #resolve(String)}.
     */
    default ModelClient resolve(String modelId, CallSettings settings) {
        return resolve(modelId);
    }
}
