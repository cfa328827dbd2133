package io.agentry.model;

/** Finds the client for a configured model id such as {@code offline} or {@code anthropic:claude-sonnet-4-5}. */
@FunctionalInterface
public interface ModelResolver {

    /** @throws IllegalArgumentException when no such model is configured */
    ModelClient resolve(String modelId);
}
