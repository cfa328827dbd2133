package io.agentry.model;

/**
 * A model id as agents name it: {@code provider:name} ({@code openai:gpt-4o}, {@code openai-compatible:llama3.1:8b}:
 * the provider ends at the first colon). An id without a colon ({@code offline}, a custom model) is both its own
 * provider and its own name.
 */
public record ModelId(String provider, String name) {

    public static ModelId parse(String id) {
        int colon = id.indexOf(':');
        return colon < 0 ? new ModelId(id, id) : new ModelId(id.substring(0, colon), id.substring(colon + 1));
    }
}
