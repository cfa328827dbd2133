package io.agentry.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * One long-term memory of a user: a JSON value under a namespace and a key, with the text that search
 * matches.
 *
 * @param valueJson the value as JSON text (any JSON: object, array, string, number, ...)
 * @param text      what {@link MemoryStore#search} matches; may be empty
 * @param createdAt when this key was first written (or first written again after it expired or was deleted)
 * @param updatedAt when the value was last written
 * @param expiresAt when the item disappears; null to keep it until deleted
 */
public record MemoryItem(String userId, String namespace, String key, String valueJson, String text,
                         Instant createdAt, Instant updatedAt, Instant expiresAt) {

    public MemoryItem {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueJson, "valueJson");
        text = text == null ? "" : text;
    }

    /** Whether the item is visible at {@code now}: not expired (an item expires at its {@code expiresAt}). */
    public boolean isLiveAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
