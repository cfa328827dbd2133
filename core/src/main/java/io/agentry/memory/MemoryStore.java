package io.agentry.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Long-term memory per user: items addressed by (user, namespace, key). Every read is scoped to one
 * user, so no user can read, list, find or delete another user's items. Callers pass the time
 * ({@code now}): an item whose {@code expiresAt} is not after {@code now} is invisible to every read at
 * once, and {@link #deleteExpired} removes such items for good. Safe for concurrent use by many threads
 * and processes.
 *
 * <p>Search ranking: {@link #search} returns the user's live items whose text contains at least one of
 * the query's words (case-insensitive; common English stop words are ignored), best first. An item
 * containing more of the query's distinct words ranks above one containing fewer; among items with the
 * same words, more occurrences rank higher; ties go to the most recently updated. Backends may match
 * more loosely (PostgreSQL also matches English word stems: "running" finds "run") and score on their
 * own scale; scores are comparable only within one result.
 */
public interface MemoryStore {

    /** The result of {@link #put}: the item as stored, and whether the key was new (or had expired). */
    record Written(MemoryItem item, boolean created) {
    }

    /** A search result: an item and its score (higher is better). */
    record Hit(MemoryItem item, double score) {
    }

    /**
     * Creates or replaces the item; a replaced item keeps its {@code createdAt} unless it had expired.
     *
     * @param expiresAt null to keep the item until deleted
     */
    Written put(String userId, String namespace, String key, String valueJson, String text, Instant expiresAt,
                Instant now);

    Optional<MemoryItem> get(String userId, String namespace, String key, Instant now);

    /** Deletes the item; false when there was no live item to delete. */
    boolean delete(String userId, String namespace, String key, Instant now);

    /**
     * The user's live items of one namespace in key order, starting after {@code afterKey} (null for the
     * first page), at most {@code limit}.
     */
    List<MemoryItem> list(String userId, String namespace, String afterKey, int limit, Instant now);

    /**
     * The user's live items matching {@code query}, best first (see the ranking contract above), at most
     * {@code limit}; only in {@code namespace} unless it is null. A query with no searchable word finds
     * nothing.
     */
    List<Hit> search(String userId, String query, String namespace, int limit, Instant now);

    /**
     * The user's live items whose namespace is {@code prefix} or lies under it (starts with {@code prefix + "."}), in
     * namespace then key order, skipping {@code offset}, at most {@code limit}; every namespace's for a null prefix.
     */
    List<MemoryItem> listUnder(String userId, String prefix, int offset, int limit, Instant now);

    /**
     * The user's namespaces that hold live items and are {@code prefix} or lie under it (every one for a null prefix),
     * in order, at most {@code limit}.
     */
    List<String> namespaces(String userId, String prefix, int limit, Instant now);

    /** Whether {@code namespace} is {@code prefix} or lies under it (a null prefix holds every namespace). */
    static boolean isUnder(String namespace, String prefix) {
        return prefix == null || namespace.equals(prefix) || namespace.startsWith(prefix + ".");
    }

    /** Deletes every item expired at {@code now}; returns how many. */
    int deleteExpired(Instant now);

    /** Deletes every item of the user, live or expired, in every namespace; returns how many. */
    int deleteUser(String userId);
}
